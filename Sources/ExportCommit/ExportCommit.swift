import ArgumentParser
import Shared

@main
struct ExportCommit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-commit", abstract: "Export a commit as an ostree-ext tar stream.")

    @OptionGroup var repo: RepoOptions

    static func main() async { await CommandMain.run(Self.self, names: ["export-commit", "export-commit"]) }

    func run() async throws {
        throw ToolError(.unsupported, "export-commit is not implemented yet")
    }
}
