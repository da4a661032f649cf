import Foundation

/// What `ostree export-commit` does, behind its thin front end.
public enum ExportCommand {
    /// Exports `rev` from the repository at `repoPath` to `output` (a file path, or stdout when `nil`).
    ///
    /// A file is written under a temporary name beside it and renamed into place only when the stream is
    /// complete, so a failed export never leaves a truncated tar under the requested name.
    /// - Throws: `ToolError` when the rev does not resolve, stdout is a terminal, or writing fails.
    public static func run(repoPath: String, rev: String, output: String?, formatVersion: Int, quiet: Bool) throws {
        guard formatVersion == 1 else {
            throw ToolError(.unsupported, "unsupported tar format version \(formatVersion) (only 1 is written)")
        }
        let repo = try Repo(path: repoPath)
        let commit = try repo.resolve(rev)
        let progress = Progress(label: "Exporting \(commit.hex.prefix(12))", quiet: quiet)
        guard let output else {
            guard isatty(STDOUT_FILENO) != 1 else {
                throw ToolError(.invalidArgument, "refusing to write a tar stream to a terminal; use -o FILE or redirect stdout")
            }
            try CommitExporter.export(repo: repo, commit: commit, to: TarWriter(fileDescriptor: STDOUT_FILENO), progress: progress)
            return
        }
        try AtomicFile.write(to: output) { fd in
            try CommitExporter.export(repo: repo, commit: commit, to: TarWriter(fileDescriptor: fd), progress: progress)
        }
    }
}
