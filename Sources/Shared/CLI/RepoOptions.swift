import ArgumentParser
import Foundation

/// `--repo`, shared by every command; defaults as `ostree` does.
public struct RepoOptions: ParsableArguments {
    @Option(name: .long, help: "Path to the OSTree repository (default: $OSTREE_REPO, the current directory if it is a repository, else /sysroot/ostree/repo).")
    public var repo: String?

    public init() {}

    /// The repository path to use.
    public var path: String {
        if let repo { return repo }
        if let env = ProcessInfo.processInfo.environment["OSTREE_REPO"], !env.isEmpty { return env }
        let manager = FileManager.default
        if manager.fileExists(atPath: "objects"), manager.fileExists(atPath: "config") {
            return manager.currentDirectoryPath
        }
        return "/sysroot/ostree/repo"
    }

    /// Opens the repository.
    public func open() throws -> Repo { try Repo(path: path) }
}
