extension TreeDiff {
    /// Compares two commits of `repo` (`ostree commit-diff`).
    ///
    /// Resolves both revisions (`Repo.resolve`: ref, full or abbreviated checksum, `REF^`), loads both commit
    /// objects and, when `subdir` is given, the dirtrees down to that directory on each side; then walks the two
    /// trees together with `DiffWalker`.
    /// - Parameter subdir: a directory to compare instead of the whole commits (`/usr/lib`); recorded in the result
    ///   in its normal spelling (`CommitPath.description`).
    /// - Throws: `ToolError(.notFound)` naming the revision when it resolves to nothing or to an object that is not
    ///   a commit, or naming `subdir` and the revision when that directory is missing from either commit;
    ///   `ToolError(.invalidArgument)` for a malformed `subdir`.
    public init(repo: Repo, from: String, to: String, subdir: String? = nil) throws {
        let path = try subdir.map(CommitPath.init(parsing:))
        let fromTree = try Self.tree(of: from, in: repo, at: path)
        let toTree = try Self.tree(of: to, in: repo, at: path)
        self = try DiffWalker(source: repo).diff(from: fromTree, to: toTree, subdir: path?.description)
    }

    /// The dirtree checksum of `rev`'s root, or of its directory `path`.
    private static func tree(of rev: String, in repo: Repo, at path: CommitPath?) throws -> Checksum {
        let checksum = try repo.resolve(rev)
        let commit: CommitObject
        do {
            commit = try repo.loadCommit(checksum)
        } catch let error as ToolError where error.kind == .notFound {
            // The underlying error only repeats "no such metadata object"; name what the user typed instead.
            let named = rev == checksum.hex ? "'\(rev)'" : "'\(rev)' (\(checksum))"
            throw ToolError(.notFound, "\(named) is not a commit in repository \(repo.path)")
        }
        guard let path else { return commit.rootTree }
        return try repo.directoryTree(at: path, below: commit.rootTree, in: "commit '\(rev)'")
    }
}
