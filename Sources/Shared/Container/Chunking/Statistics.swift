/// The statistics chunking uses to classify components by size and change frequency (ostree-ext
/// `statistics.rs`), computed in the same `Double` operations and order so that results are bit-identical.
public enum Statistics {
    /// The arithmetic mean: the integer sum divided by the count; `nil` for no data.
    ///
    /// The sum is exact in `UInt64`; should it overflow (which Rust would not survive either), it is taken in
    /// `Double` instead.
    public static func mean(_ data: [UInt64]) -> Double? {
        guard !data.isEmpty else { return nil }
        return sum(data) / Double(data.count)
    }

    /// The population standard deviation (dividing by `n`); `nil` for no data.
    public static func standardDeviation(_ data: [UInt64]) -> Double? {
        guard let mean = mean(data) else { return nil }
        var variance = 0.0
        for value in data {
            let difference = mean - Double(value)
            variance += difference * difference
        }
        return (variance / Double(data.count)).squareRoot()
    }

    /// The median and the median absolute deviation; `nil` for no data.
    ///
    /// The data is **assumed sorted and is not sorted here** (as in ostree-ext): the median is the middle element,
    /// or half the integer sum of the two middle elements. The deviations from it are sorted before taking their
    /// median, so `[0,1,1,1,1,1,1,1,0]` gives `(1, 0)`.
    public static func medianAbsoluteDeviation(_ data: [UInt64]) -> (median: Double, deviation: Double)? {
        guard !data.isEmpty else { return nil }
        let middle = data.count / 2
        let median: Double
        if data.count % 2 == 1 {
            median = Double(data[middle])
        } else {
            median = 0.5 * sum([data[middle - 1], data[middle]])
        }
        let deviations = data.map { abs(Double($0) - median) }.sorted()
        let deviation =
            deviations.count % 2 == 1
            ? deviations[middle] : 0.5 * (deviations[middle - 1] + deviations[middle])
        return (median, deviation)
    }

    /// The integer sum converted to `Double`, or the `Double` sum if the integers overflow.
    private static func sum(_ data: [UInt64]) -> Double {
        var total: UInt64 = 0
        for value in data {
            let (next, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return data.reduce(0.0) { $0 + Double($1) } }
            total = next
        }
        return Double(total)
    }
}
