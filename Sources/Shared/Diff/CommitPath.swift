/// A directory inside a commit's tree, as `--subdir` names it: `/usr/lib`, `usr/lib/` and `/usr/./lib` are the
/// same path, `/` is the root.
public struct CommitPath: Sendable, Hashable, CustomStringConvertible {
    /// The names from the root down; empty for the root.
    public let components: [String]

    /// Parses a path; empty components and `.` are dropped.
    /// - Throws: `ToolError(.invalidArgument)` for an empty path or one with a `..` component.
    public init(parsing text: String) throws {
        guard !text.isEmpty else { throw ToolError(.invalidArgument, "the subdirectory path is empty") }
        let names = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !names.contains("..") else {
            throw ToolError(.invalidArgument, "subdirectory '\(text)' must not contain '..'")
        }
        components = names.filter { $0 != "." }
    }

    /// The path made of `components`.
    public init(components: [String]) { self.components = components }

    /// The normal spelling: absolute, no trailing `/` (`/usr/lib`, or `/` for the root).
    public var description: String { "/" + components.joined(separator: "/") }
}
