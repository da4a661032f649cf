import Foundation

/// What `ostree import-commit` does, behind its thin front end.
public enum ImportCommand {
    /// The result as `--json` prints it.
    public struct Report: Encodable, Sendable {
        public let commit: String
        public let ref: String?
        public let objects: Int
        public let bytes: UInt64
    }

    /// Imports the stream in `input` (a path; `nil` or `-` for stdin) into the repository at `repoPath`.
    /// - Throws: `ToolError` naming the input, entry or object at fault; no ref moves on error.
    public static func run(
        repoPath: String, input: String?, ref: String?, verifyRemote: String?, quiet: Bool
    ) throws -> Report {
        let repo = try Repo(path: repoPath)
        let fd: Int32
        let source: String
        if let input, input != "-" {
            fd = open(input, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ToolError(.notFound, "cannot open \(input): \(String(cString: strerror(errno)))") }
            source = input
        } else {
            guard isatty(STDIN_FILENO) != 1 else {
                throw ToolError(.invalidArgument, "refusing to read a tar stream from a terminal; give FILE or pipe it in")
            }
            fd = STDIN_FILENO
            source = "standard input"
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        let reader = try TarReader(fileDescriptor: fd, source: source)
        let result = try CommitImporter.importStream(
            reader, into: repo, ref: ref, policy: verifyRemote.map(CommitSignaturePolicy.init(remote:)),
            progress: Progress(label: "Importing", quiet: quiet))
        return Report(commit: result.commit.hex, ref: result.ref, objects: result.objects, bytes: result.bytes)
    }
}
