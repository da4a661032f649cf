import ArgumentParser
import Shared

@main
struct ImportCommit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-commit", abstract: "Import an ostree-ext tar stream into a repository.")

    @OptionGroup var repo: RepoOptions

    static func main() async { await CommandMain.run(Self.self, names: ["import-commit", "import-commit"]) }

    func run() async throws {
        throw ToolError(.unsupported, "import-commit is not implemented yet")
    }
}
