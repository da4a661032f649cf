import ArgumentParser
import Shared

@main
struct ExportCommit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-commit",
        abstract: "Export a commit as an ostree-ext tar stream (format version 1).",
        discussion: """
            The stream holds the commit, its detached metadata (signatures) and every object it references, and \
            imports with `ostree import-commit` or ostree-ext (`ostree-ext-cli tar import`) with the same checksum.
            """)

    @OptionGroup var repo: RepoOptions

    @Option(name: .shortAndLong, help: "Write the tar to FILE instead of stdout.")
    var output: String?

    @Option(name: .customLong("format-version"), help: "Tar format version (only 1).")
    var formatVersion = 1

    @Flag(name: .shortAndLong, help: "Do not show progress.")
    var quiet = false

    @Argument(help: "Commit to export: a ref, a full or abbreviated checksum, or REF^.")
    var rev: String

    static func main() async { await CommandMain.run(Self.self, names: ["export-commit"]) }

    func run() async throws {
        try ExportCommand.run(repoPath: repo.path, rev: rev, output: output, formatVersion: formatVersion, quiet: quiet)
    }
}
