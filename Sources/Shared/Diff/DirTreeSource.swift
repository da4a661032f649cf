/// Where a diff reads dirtree objects from. `Repo` is the real source; tests wrap it to count loads.
public protocol DirTreeSource {
    /// Loads and parses the dirtree object `checksum`.
    func loadDirTree(_ checksum: Checksum) throws -> DirTreeObject
}

extension Repo: DirTreeSource {}

extension DirTreeSource {
    /// The dirtree checksum of the directory at `path` below the tree `root`, loading one dirtree per component.
    /// - Parameter owner: how the tree is named in errors (`commit 'REV'`).
    /// - Throws: `ToolError(.notFound)` naming `path` and `owner` when the directory is missing or is a file.
    public func directoryTree(at path: CommitPath, below root: Checksum, in owner: String) throws -> Checksum {
        var tree = root
        for (depth, name) in path.components.enumerated() {
            let parent = try loadDirTree(tree)
            if let directory = parent.directories.first(where: { PathOrder.same($0.name, name) }) {
                tree = directory.tree
                continue
            }
            var message = "there is no directory \(path) in \(owner)"
            if parent.files.contains(where: { PathOrder.same($0.name, name) }) {
                let file = CommitPath(components: Array(path.components.prefix(depth + 1)))
                message = file == path ? "\(path) is not a directory in \(owner)" : message + " (\(file) is a file)"
            }
            throw ToolError(.notFound, message)
        }
        return tree
    }
}
