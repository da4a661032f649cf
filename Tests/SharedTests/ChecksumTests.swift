import Shared
import Testing

@Suite struct ChecksumTests {
    @Test func acceptsLowercaseHex() throws {
        let hex = "d6f58149fd47ec2be3fafef4fe767915f195e7ae67b9a0c090b842b156cd07f3"
        let checksum = try #require(Checksum(hex: hex))
        #expect(Checksum(bytes: checksum.bytes) == checksum)
    }

    @Test(arguments: ["", "42", String(repeating: "a", count: 65), String(repeating: "E", count: 64)])
    func rejectsInvalid(_ text: String) {
        #expect(Checksum(hex: text) == nil)
    }
}
