import ArgumentParser
import Shared

@main
struct CommitDiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit-diff", abstract: "Show what was added, removed and changed between two commits.")

    @OptionGroup var repo: RepoOptions

    static func main() async { await CommandMain.run(Self.self, names: ["commit-diff", "diff"]) }

    func run() async throws {
        throw ToolError(.unsupported, "commit-diff is not implemented yet")
    }
}
