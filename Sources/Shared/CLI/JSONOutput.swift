import Foundation

/// Prints `--json` results: one object a line, keys sorted, no insignificant whitespace.
public enum JSONOutput {
    /// Encodes `value` and writes it with a trailing newline to stdout.
    public static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(data)
    }
}
