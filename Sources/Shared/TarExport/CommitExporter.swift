/// Writes one commit as an ostree-ext tar stream, format version 1 (format spec §2.5–2.7).
///
/// The stream holds the commit, its detached metadata and every object it references exactly once, plus a
/// checkout of the tree whose files are hardlinks to their objects. Content is streamed from libostree, never
/// held whole in memory; the output depends only on the repository contents, so two exports are identical.
///
/// Differences from ostree-ext's exporter, all fixes of its known bugs: a content object used at several paths
/// always gets a fully typed entry (symlinks included); symlink targets are written literally; `var/tmp` is
/// added only when the commit lacks it; objects that appear only below the root `sysroot/` are still exported.
public final class CommitExporter {
    /// What an export wrote.
    public struct Statistics: Sendable {
        public var metadataObjects = 0
        public var contentObjects = 0
        public var contentBytes: UInt64 = 0
    }

    private let repo: Repo
    private let writer: TarWriter
    private let progress: Progress
    private var statistics = Statistics()
    private var emittedTrees: Set<Checksum> = []
    private var emittedMetas: Set<Checksum> = []
    /// Content objects already written, with what their checkout entries need.
    private var emittedFiles: [Checksum: CheckoutHeader] = [:]
    private var emittedXattrs: Set<Checksum> = []
    private var sawVarTmp = false
    /// Whether the walk writes content objects and their checkout entries (false for a commit layer).
    private var includeFiles = true

    private init(repo: Repo, writer: TarWriter, progress: Progress) {
        self.repo = repo
        self.writer = writer
        self.progress = progress
    }

    /// Exports `commit` from `repo` into `writer` and finishes the stream.
    /// - Throws: `ToolError` naming the object that could not be read or written.
    @discardableResult
    public static func export(
        repo: Repo, commit: Checksum, to writer: TarWriter, progress: Progress = .disabled
    ) throws -> Statistics {
        let exporter = CommitExporter(repo: repo, writer: writer, progress: progress)
        try exporter.writeCommitStructure(commit, withFiles: true)
        try writer.finish()
        progress.finish()
        return exporter.statistics
    }

    /// Writes the commit layer of a chunked image (format spec §2.9): the commit's structure (directories,
    /// dirtrees, dirmetas, commit, detached metadata), then the `remainder` objects in ascending checksum order,
    /// each followed by its checkout entries. Finishes the stream.
    @discardableResult
    public static func exportCommitLayer(
        repo: Repo, commit: Checksum, remainder: [ContentInventory.Object], to writer: TarWriter
    ) throws -> Statistics {
        let exporter = CommitExporter(repo: repo, writer: writer, progress: .disabled)
        try exporter.writeCommitStructure(commit, withFiles: false)
        try exporter.writeObjects(remainder)
        try writer.finish()
        return exporter.statistics
    }

    /// Writes a component layer of a chunked image (format spec §2.9): the repository skeleton, then `objects`
    /// in ascending checksum order, each followed by its checkout entries. Finishes the stream.
    @discardableResult
    public static func exportObjectSetLayer(
        repo: Repo, objects: [ContentInventory.Object], to writer: TarWriter
    ) throws -> Statistics {
        let exporter = CommitExporter(repo: repo, writer: writer, progress: .disabled)
        try RepoSkeleton.write(to: writer)
        try exporter.writeObjects(objects)
        try writer.finish()
        return exporter.statistics
    }

    private func writeObjects(_ objects: [ContentInventory.Object]) throws {
        for object in objects.sorted(by: { $0.checksum < $1.checksum }) {
            try emitFile(object.checksum, checkoutPath: nil)
            for path in object.paths {
                try emitFile(object.checksum, checkoutPath: String(path.drop { $0 == "/" }))
            }
        }
    }

    private func writeCommitStructure(_ checksum: Checksum, withFiles: Bool) throws {
        includeFiles = withFiles
        let commit = try repo.loadCommit(checksum)
        let rootMeta = try repo.loadDirMeta(commit.rootMeta)
        try writer.writeDirectory("./", uid: rootMeta.uid, gid: rootMeta.gid, mode: rootMeta.mode)
        try RepoSkeleton.write(to: writer)
        try writeObject(.commit, checksum, commit.bytes)
        if let detached = try repo.detachedMetadata(of: checksum) {
            try writer.writeFile(TarObjectPath.path(checksum, .commitmeta), data: detached)
        }
        try emitDirMeta(commit.rootMeta)
        try walk(tree: commit.rootTree, path: "", checkout: true)
        if !sawVarTmp {
            try writer.writeDirectory("var/tmp", uid: 0, gid: 0, mode: 0o1777)
        }
    }

    /// Depth-first, files before subdirectories, in dirtree order. With `checkout` false only objects are
    /// written (the root `sysroot/` subtree, which the stream already synthesizes as the repository).
    private func walk(tree: Checksum, path: String, checkout: Bool) throws {
        let dirTree = try repo.loadDirTree(tree)
        if emittedTrees.insert(tree).inserted {
            try writeObject(.dirtree, tree, try repo.loadMetadataBytes(.dirtree, tree))
        }
        for file in dirTree.files where includeFiles {
            let filePath = path.isEmpty ? file.name : "\(path)/\(file.name)"
            try emitFile(file.checksum, checkoutPath: checkout ? filePath : nil)
        }
        for directory in dirTree.directories {
            try emitDirMeta(directory.meta)
            let dirPath = path.isEmpty ? directory.name : "\(path)/\(directory.name)"
            let showInCheckout = checkout && dirPath != "sysroot"
            if showInCheckout {
                let meta = try repo.loadDirMeta(directory.meta)
                try writer.writeDirectory(
                    TarObjectPath.checkoutPath(dirPath), uid: meta.uid, gid: meta.gid, mode: meta.mode)
                if dirPath == "var/tmp" { sawVarTmp = true }
            }
            try walk(tree: directory.tree, path: dirPath, checkout: showInCheckout)
        }
    }

    private func emitDirMeta(_ checksum: Checksum) throws {
        guard emittedMetas.insert(checksum).inserted else { return }
        try writeObject(.dirmeta, checksum, try repo.loadMetadataBytes(.dirmeta, checksum))
    }

    private func writeObject(_ kind: TarObjectPath.Kind, _ checksum: Checksum, _ bytes: [UInt8]) throws {
        try writer.writeFile(TarObjectPath.path(checksum, kind), data: bytes)
        statistics.metadataObjects += 1
    }

    private struct CheckoutHeader {
        let uid: UInt32
        let gid: UInt32
        let mode: UInt32
        let isEmptyRegularFile: Bool
    }

    /// Writes the content object the first time it is seen, then (for checkout paths) the checkout entry.
    private func emitFile(_ checksum: Checksum, checkoutPath: String?) throws {
        let header: CheckoutHeader
        if let known = emittedFiles[checksum] {
            header = known
        } else {
            let content = try repo.openContent(checksum)
            try writeContentObject(content)
            header = CheckoutHeader(
                uid: content.uid, gid: content.gid, mode: content.mode,
                isEmptyRegularFile: !content.isSymlink && content.size == 0)
            emittedFiles[checksum] = header
        }
        guard let checkoutPath else { return }
        let path = TarObjectPath.checkoutPath(checkoutPath)
        if header.isEmptyRegularFile {
            try writer.writeFile(path, uid: header.uid, gid: header.gid, mode: header.mode, data: [])
        } else {
            try writer.writeHardlink(
                path, target: TarObjectPath.path(checksum, .file), uid: header.uid, gid: header.gid, mode: header.mode)
        }
    }

    /// The xattrs blob (once per distinct xattrs), the link from the object to it, then the object itself.
    private func writeContentObject(_ content: ContentObject) throws {
        let xattrsChecksum = Checksum.sha256(content.xattrsBytes)
        let xattrsPath = TarObjectPath.path(xattrsChecksum, .fileXattrs)
        if emittedXattrs.insert(xattrsChecksum).inserted {
            try writer.writeFile(xattrsPath, data: content.xattrsBytes)
        }
        let objectPath = TarObjectPath.path(content.checksum, .file)
        try writer.writeHardlink(
            TarObjectPath.path(content.checksum, .fileXattrsLink), target: xattrsPath, uid: 0, gid: 0, mode: 0o644)
        if let target = content.symlinkTarget {
            try writer.writeSymlink(objectPath, target: target, uid: content.uid, gid: content.gid, mode: content.mode)
        } else {
            try writer.writeFile(objectPath, content: content)
        }
        statistics.contentObjects += 1
        statistics.contentBytes += content.size
        progress.update(objects: statistics.contentObjects, bytes: statistics.contentBytes)
    }
}
