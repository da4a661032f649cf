import ArgumentParser
import Shared

/// `ostree commit-diff`: what was added, removed and changed between two commits.
@main
struct CommitDiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit-diff",
        abstract: "Show what was added, removed and changed between two commits.",
        discussion: """
            Prints one line per change, sorted by path in byte order with all kinds merged: A (added), \
            D (removed), M (changed); directories end in '/'. An added or removed directory is listed once, at \
            its top; a directory whose owner, mode or xattrs changed is M; a path that turned from file into \
            directory (or back) is D then A. Exits 0 whether or not the commits differ.
            """)

    @OptionGroup var repo: RepoOptions

    @Option(help: "Compare only this directory of both commits (e.g. /usr/lib).")
    var subdir: String?

    @Flag(help: "Print one JSON object with the sorted lists of changed paths.")
    var json = false

    @Flag(help: "Print only the counts of changes.")
    var stat = false

    @Argument(help: "The old commit: a ref, a full or abbreviated checksum, or REV^.")
    var from: String

    @Argument(help: "The new commit, in the same forms.")
    var to: String

    static func main() async { await CommandMain.run(Self.self, names: ["commit-diff", "diff"]) }

    func validate() throws {
        if json && stat { throw ValidationError("--json and --stat cannot be used together") }
    }

    func run() async throws {
        let diff = try TreeDiff(repo: repo.open(), from: from, to: to, subdir: subdir)
        let output: DiffOutput = json ? .json : stat ? .stat : .text
        print(try output.render(diff), terminator: "")
    }
}
