/// Builds the merged tree of a layered image in memory, from repository objects only, and commits it (the
/// counterpart of format spec §5.3.4 step 3, where ostree-ext checks the trees out to disk and commits them back).
///
/// Starting from the base commit's root (loaded lazily: directories no layer touches are never read and keep
/// their dirtrees), each derived layer commit is applied in order, directory by directory:
/// 1. `.wh..wh..opq` in a directory removes everything the layers below put there;
/// 2. each `.wh.NAME` removes `NAME` (nothing happens when there is none);
/// 3. files replace files and directories; directories merge into directories and replace files.
///
/// Whiteout files never reach the result. A directory that is new to the merged tree and holds no whiteouts is
/// attached as the layer's own dirtree without being walked. A layer directory's metadata replaces the one below,
/// except for directories the layer only created as parents (`DerivedLayerMetadata.implicitDirectories`), which
/// keep the metadata of the layers below. The result depends only on the trees and their order.
public enum LayerMerge {
    /// Merges `layers` (derived layer commits, lowest first) onto `base` and writes the merge commit.
    /// - Parameters:
    ///   - metadata: the merge commit's metadata (manifest digest, config …).
    ///   - timestamp: the merge commit's time, seconds since the epoch.
    /// - Returns: the merge commit checksum.
    /// - Throws: `ToolError` naming the layer and path at fault.
    public static func merge(
        base: Checksum, layers: [Checksum], metadata: [String: VariantValue], timestamp: UInt64,
        in transaction: Transaction
    ) throws -> Checksum {
        let repo = transaction.repo
        let root = try MutableTree(repo: repo, commit: base)
        var whiteoutFree: [Checksum: Bool] = [:]
        for layer in layers {
            let commit = try repo.loadCommit(layer)
            let implicit: Set<String>
            if case .strings(let paths)? = commit.metadata[DerivedLayerMetadata.implicitDirectories] {
                implicit = Set(paths)
            } else {
                implicit = []
            }
            var applier = LayerApplier(repo: repo, layer: layer, implicit: implicit, whiteoutFree: whiteoutFree)
            try applier.apply(tree: commit.rootTree, meta: commit.rootMeta, onto: root, path: "/")
            whiteoutFree = applier.whiteoutFree
        }
        let tree = try transaction.writeMutableTree(root)
        return try transaction.writeCommit(
            root: tree, parent: nil, subject: nil, body: nil, metadata: metadata, timestamp: timestamp)
    }
}

/// Applies one layer commit's tree onto the merged tree.
private struct LayerApplier {
    let repo: Repo
    let layer: Checksum
    /// The layer's implicit directories (absolute paths).
    let implicit: Set<String>
    /// Whether a dirtree and everything below it is free of whiteouts, by dirtree checksum (shared by layers).
    var whiteoutFree: [Checksum: Bool]

    mutating func apply(tree: Checksum, meta: Checksum, onto target: MutableTree, path: String) throws {
        let dirTree = try repo.loadDirTree(tree)
        if target.metadataChecksum == nil || !implicit.contains(path) { target.metadataChecksum = meta }
        let failure = "cannot merge \(path) of layer \(layer)"
        let names = dirTree.files.map(\.name) + dirTree.directories.map(\.name)
        if names.contains(Whiteout.opaque) {
            try treeCall(failure) {
                let below = try target.entries()
                for name in below.files.map(\.name) + below.directories.map(\.name) { try target.remove(name) }
            }
        }
        for name in names {
            guard case .remove(let hidden) = Whiteout.meaning(of: name) else { continue }
            guard !hidden.isEmpty else {
                throw ToolError(.corrupt, "invalid empty whiteout \(path.appendingTreeComponent(name)) in layer \(layer)")
            }
            try treeCall(failure) { try target.remove(hidden) }
        }
        for file in dirTree.files where Whiteout.meaning(of: file.name) == .ordinary {
            try treeCall(failure) {
                if case .directory = try target.child(file.name) { try target.remove(file.name) }
                try target.replaceFile(file.name, file.checksum)
            }
        }
        for directory in dirTree.directories where Whiteout.meaning(of: directory.name) == .ordinary {
            let childPath = path.appendingTreeComponent(directory.name)
            let existing = try treeCall(failure) { try target.child(directory.name) }
            if case .directory(let below) = existing {
                try apply(tree: directory.tree, meta: directory.meta, onto: below, path: childPath)
                continue
            }
            let created = try treeCall(failure) {
                if existing != nil { try target.remove(directory.name) }
                return try target.directory(directory.name)
            }
            if try !isWhiteoutFree(directory.tree)
                || !created.fillEmpty(repo: repo, tree: directory.tree, meta: directory.meta)
            {
                try apply(tree: directory.tree, meta: directory.meta, onto: created, path: childPath)
            }
        }
    }

    /// Whether the dirtree `tree` and its subdirectories hold no whiteout entries.
    private mutating func isWhiteoutFree(_ tree: Checksum) throws -> Bool {
        if let known = whiteoutFree[tree] { return known }
        let dirTree = try repo.loadDirTree(tree)
        var free = !(dirTree.files.map(\.name) + dirTree.directories.map(\.name)).contains {
            Whiteout.meaning(of: $0) != .ordinary
        }
        for directory in dirTree.directories where free {
            free = try isWhiteoutFree(directory.tree)
        }
        whiteoutFree[tree] = free
        return free
    }
}
