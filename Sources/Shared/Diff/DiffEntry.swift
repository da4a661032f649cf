/// One line of a diff: a path and how it changed.
public struct DiffEntry: Sendable, Hashable {
    /// How a path changed; the raw value is the letter `ostree diff` prints.
    public enum Change: String, Sendable, CaseIterable {
        case removed = "D"
        case added = "A"
        case changed = "M"
    }

    /// Whether the path was added, removed or changed.
    public let change: Change
    /// The path without a trailing `/`, even for directories.
    public let path: String
    /// Whether the entry is a directory (text output then ends the path in `/`).
    public let isDirectory: Bool

    /// An entry for `path`.
    public init(_ change: Change, _ path: String, isDirectory: Bool) {
        self.change = change
        self.path = path
        self.isDirectory = isDirectory
    }

    /// The text-output line, in `ostree diff`'s layout: the letter, four spaces, the path, and `/` after a
    /// directory (`D    /usr/lib/old/`).
    public var line: String { "\(change.rawValue)    \(path)\(isDirectory ? "/" : "")" }

    /// Output order: by path in byte order; at the same path (a type change) removal, then addition.
    static func precedes(_ lhs: DiffEntry, _ rhs: DiffEntry) -> Bool {
        if !PathOrder.same(lhs.path, rhs.path) { return PathOrder.precedes(lhs.path, rhs.path) }
        return lhs.change.rank < rhs.change.rank
    }
}

extension DiffEntry.Change {
    fileprivate var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
