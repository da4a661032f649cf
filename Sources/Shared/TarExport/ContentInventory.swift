/// Every content object of a commit with its size and the paths that use it (format spec §8.2): a depth-first
/// walk, files before subdirectories, in dirtree order, including `/sysroot`. This is what chunking assigns to
/// layers.
public struct ContentInventory: Sendable {
    /// One content object.
    public struct Object: Sendable, Hashable {
        public let checksum: Checksum
        /// Data size in bytes (0 for symlinks).
        public let size: UInt64
        /// Absolute paths in the commit (`/usr/bin/bash`), in discovery order.
        public var paths: [String]
    }

    /// Objects in order of first discovery.
    public private(set) var objects: [Object] = []
    private var index: [Checksum: Int] = [:]

    /// Walks `commit` in `repo`.
    public init(repo: Repo, commit: Checksum) throws {
        let commitObject = try repo.loadCommit(commit)
        try walk(repo: repo, tree: commitObject.rootTree, path: "")
    }

    /// The object with `checksum`, if the commit uses it.
    public func object(_ checksum: Checksum) -> Object? { index[checksum].map { objects[$0] } }

    /// The sum of all object sizes.
    public var totalSize: UInt64 { objects.reduce(0) { $0 + $1.size } }

    private mutating func walk(repo: Repo, tree: Checksum, path: String) throws {
        let dirTree = try repo.loadDirTree(tree)
        for file in dirTree.files {
            let filePath = "\(path)/\(file.name)"
            if let existing = index[file.checksum] {
                objects[existing].paths.append(filePath)
            } else {
                let size = try repo.openContent(file.checksum).size
                index[file.checksum] = objects.count
                objects.append(Object(checksum: file.checksum, size: size, paths: [filePath]))
            }
        }
        for directory in dirTree.directories {
            try walk(repo: repo, tree: directory.tree, path: "\(path)/\(directory.name)")
        }
    }
}
