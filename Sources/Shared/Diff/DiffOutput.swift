import Foundation

/// How `commit-diff` prints a `TreeDiff`.
public enum DiffOutput: Sendable {
    /// One line per change, sorted by path with all kinds merged (`TreeDiff.entries`), in `ostree diff`'s
    /// layout: `A    /usr/bin/new`, `D    /usr/lib/old/`, `M    /etc/motd`. Nothing for identical trees.
    case text
    /// Only the counts, as ostree-ext displays a diff:
    /// `files(added:A removed:R changed:C) dirs(added:A removed:R changed:C)`.
    case stat
    /// One JSON object (`TreeDiff`'s `Codable` form), keys sorted, no insignificant whitespace.
    case json

    /// The complete output for `diff`, ending in a newline unless it is empty.
    /// - Throws: an `EncodingError` from the JSON encoder (not expected for string lists).
    public func render(_ diff: TreeDiff) throws -> String {
        switch self {
        case .text:
            return diff.entries.map { $0.line + "\n" }.joined()
        case .stat:
            return "files(added:\(diff.addedFiles.count) removed:\(diff.removedFiles.count) "
                + "changed:\(diff.changedFiles.count)) dirs(added:\(diff.addedDirs.count) "
                + "removed:\(diff.removedDirs.count) changed:\(diff.changedDirs.count))\n"
        case .json:
            return String(decoding: try Self.encodeJSON(diff), as: UTF8.self) + "\n"
        }
    }

    /// The one place `--json` output is encoded; to be replaced by the project's canonical JSON encoder.
    ///
    /// `JSONEncoder` with sorted keys and unescaped slashes: byte-order keys, no whitespace. It differs from
    /// canonical JSON only for control characters in strings, which it escapes.
    static func encodeJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
