import ArgumentParser
import Shared

@main
struct ImportCommit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-commit",
        abstract: "Import an ostree-ext tar stream (uncompressed, gzip or zstd) into a repository.",
        discussion: """
            Every object is checksum-verified by libostree inside one transaction; the commit appears and the ref \
            moves only when the whole stream imported and every object of the commit is present.
            """)

    @OptionGroup var repo: RepoOptions

    @Option(help: "Point this ref at the imported commit.")
    var ref: String?

    @Option(name: .customLong("verify-remote"), help: "Require a valid signature for this remote's GPG or ed25519 keys.")
    var verifyRemote: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "Do not show progress.")
    var quiet = false

    @Argument(help: "The tar stream to import (default: standard input).")
    var file: String?

    static func main() async { await CommandMain.run(Self.self, names: ["import-commit"]) }

    func run() async throws {
        let report = try ImportCommand.run(
            repoPath: repo.path, input: file, ref: ref, verifyRemote: verifyRemote, quiet: quiet)
        if json {
            try JSONOutput.print(report)
        } else {
            print("Imported: \(report.commit)")
        }
    }
}
