import Shared
import Testing

/// ostree-ext `statistics.rs` test vectors (format spec §9 item 22), compared exactly.
@Suite struct StatisticsTests {
    @Test(arguments: [
        ([], nil), ([0], 0), ([1], 1), ([5], 5), ([100], 100), ([0, 1], 0.5), ([0, 5, 100], 35),
        ([7, 4, 30, 14], 13.75),
    ] as [([UInt64], Double?)])
    func mean(_ data: [UInt64], _ expected: Double?) {
        #expect(Statistics.mean(data) == expected)
    }

    @Test(arguments: [
        ([], nil), ([0], 0), ([1], 0), ([5], 0), ([100], 0), ([1, 4], 1.5), ([2, 2, 2, 2], 0),
        ([1, 20, 300, 4000, 50000, 600_000, 7_000_000, 80_000_000], 26193874.56387471),
    ] as [([UInt64], Double?)])
    func standardDeviation(_ data: [UInt64], _ expected: Double?) {
        #expect(Statistics.standardDeviation(data) == expected)
    }

    @Test(arguments: [
        ([0], 0, 0), ([1], 1, 0), ([5], 5, 0), ([100], 100, 0), ([1, 4], 2.5, 1.5), ([2, 2, 2, 2], 2, 0),
        ([1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 7, 8, 9, 12, 52, 90], 6, 2),
        // More than half equal: MAD 0. The data is not sorted first, so the middle element is the median.
        ([0, 1, 1, 1, 1, 1, 1, 1, 0], 1, 0),
    ] as [([UInt64], Double, Double)])
    func medianAbsoluteDeviation(_ data: [UInt64], _ median: Double, _ deviation: Double) throws {
        let result = try #require(Statistics.medianAbsoluteDeviation(data))
        #expect(result.median == median)
        #expect(result.deviation == deviation)
    }

    @Test func medianAbsoluteDeviationOfNothing() {
        #expect(Statistics.medianAbsoluteDeviation([]) == nil)
    }

    @Test func noSorting() throws {
        // Sorted, the median of these would be 2; unsorted, the middle element 9 is taken.
        let result = try #require(Statistics.medianAbsoluteDeviation([1, 2, 9, 3, 2]))
        #expect(result.median == 9)
        #expect(result.deviation == 7)
    }

    @Test func hugeValuesDoNotOverflow() throws {
        #expect(Statistics.mean([UInt64.max, UInt64.max]) == Double(UInt64.max))
        #expect(try #require(Statistics.medianAbsoluteDeviation([UInt64.max, UInt64.max])).median == Double(UInt64.max))
    }
}
