/// Checks that every object a commit references is present (in the repository or the open transaction).
///
/// ostree-ext's importer reports success for a stream that lacks objects; we refuse such a commit, naming the
/// first missing object and a path that uses it.
enum CommitCompleteness {
    static func check(_ commit: CommitObject, _ checksum: Checksum, in repo: Repo) throws {
        var seenTrees: Set<Checksum> = []
        var seenMetas: Set<Checksum> = []
        var seenFiles: Set<Checksum> = []
        func require(_ type: ObjectType, _ object: Checksum, _ path: String) throws {
            guard try repo.hasObject(type, object) else {
                throw ToolError(.corrupt, "commit \(checksum) is incomplete: object \(object).\(type.rawValue) for \(path) is missing from the stream")
            }
        }
        func walk(_ tree: Checksum, _ meta: Checksum, _ path: String) throws {
            if seenMetas.insert(meta).inserted { try require(.dirmeta, meta, path) }
            guard seenTrees.insert(tree).inserted else { return }
            try require(.dirtree, tree, path)
            let dirTree = try repo.loadDirTree(tree)
            for file in dirTree.files where seenFiles.insert(file.checksum).inserted {
                try require(.file, file.checksum, "\(path)\(file.name)")
            }
            for directory in dirTree.directories {
                try walk(directory.tree, directory.meta, "\(path)\(directory.name)/")
            }
        }
        try walk(commit.rootTree, commit.rootMeta, "/")
    }
}
