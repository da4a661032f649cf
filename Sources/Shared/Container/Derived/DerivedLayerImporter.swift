/// Imports a derived (non-ostree) layer tar into a layer commit of its own (format spec §4), streaming: each
/// regular file goes from the tar into the repository through one buffer, and only the tree is kept in memory.
///
/// Paths are normalized and filtered by `LayerPath`. Whiteouts (`.wh.NAME`, `.wh..wh..opq`) are kept as plain
/// files; `LayerMerge` applies them. PAX `SCHILY.xattr.*` records become the xattrs of files and directories.
/// Refused with an error naming the entry: `..` in a path, device nodes, FIFOs and sockets (ostree cannot store
/// them; ostree-ext's `ostree commit` refuses them too) unless they are inside a filtered directory such as `dev/`,
/// hardlinks with an absolute or `..` target, and hardlinks to anything that is not a file earlier in the layer.
/// Symlink targets are data, stored as given and never followed.
///
/// A base image's checkout files are hardlinks to `sysroot/ostree/repo/objects/…`; when a derived build changes
/// such a file, the layer carries the changed object (mtime > 0) and hardlinks to it (spec §4.1 steps 3–4). The
/// object is stored and every hardlink to it gets its content; a hardlink into the repository whose object the
/// layer does not carry is dropped and counted as filtered under `sysroot`.
///
/// The commit has no parent, subject or body, timestamp 0 and metadata `DerivedLayerMetadata`, so importing the
/// same layer twice gives the same commit. SELinux labelling is not applied.
public final class DerivedLayerImporter {
    /// How many filtered paths `DerivedLayerResult.filteredPaths` lists at most.
    public static let filteredPathLimit = 10

    private let transaction: Transaction
    private let reader: TarReader
    private let options: DerivedLayerOptions
    private let tree: LayerTree
    private var filtered: [String: UInt32] = [:]
    private var filteredPaths: [String] = []
    /// Changed objects of an ostree repository inside the layer, by their `/`-joined UTF-8 path.
    private var repoObjects: [[UInt8]: Checksum] = [:]

    private init(transaction: Transaction, reader: TarReader, options: DerivedLayerOptions) throws {
        self.transaction = transaction
        self.reader = reader
        self.options = options
        tree = LayerTree(defaultMeta: try transaction.writeDirMeta(uid: 0, gid: 0, mode: 0o755, xattrs: []))
    }

    /// Imports the layer `reader` yields in a transaction of its own, pointing `ref` (when given) at the commit.
    /// - Throws: `ToolError` naming the entry at fault; the transaction is then aborted and no ref moves.
    public static func importLayer(
        _ reader: TarReader, into repo: Repo, ref: String? = nil, options: DerivedLayerOptions = .init()
    ) throws -> DerivedLayerResult {
        try repo.withTransaction { transaction in
            let result = try importLayer(reader, in: transaction, options: options)
            if let ref { transaction.setRef(ref, to: result.commit) }
            return result
        }
    }

    /// Imports the layer `reader` yields inside the caller's transaction.
    /// - Throws: `ToolError` naming the entry at fault.
    public static func importLayer(
        _ reader: TarReader, in transaction: Transaction, options: DerivedLayerOptions = .init()
    ) throws -> DerivedLayerResult {
        let importer = try DerivedLayerImporter(transaction: transaction, reader: reader, options: options)
        while let entry = try reader.next() {
            try importer.importEntry(entry)
        }
        return try importer.commit()
    }

    private func importEntry(_ entry: TarEntry) throws {
        guard let components = LayerPath.components(of: entry.path) else {
            throw ToolError(.corrupt, "invalid path in layer: \(entry.path) contains '..'")
        }
        if entry.kind == .regular, entry.mtime > 0, LayerPath.isInOstreeRepo(components) {
            repoObjects[LayerTree.key(components)] = try writeRegularFile(entry)
            return
        }
        let path: [String]
        switch LayerPath.place(components, allowNonUsr: options.allowNonUsr) {
        case .filtered(let name):
            filter(entry.path, as: name)
            return
        case .kept(let kept):
            path = kept
        }
        switch entry.kind {
        case .directory:
            let meta = try transaction.writeDirMeta(
                uid: entry.uid, gid: entry.gid, mode: entry.permissions, xattrs: entry.xattrs)
            try tree.setDirectory(path, meta: meta, entry: entry.path)
        case .regular:
            try tree.setFile(path, try writeRegularFile(entry), entry: entry.path)
        case .symlink:
            guard let target = entry.linkTarget, !target.isEmpty else {
                throw ToolError(.corrupt, "symlink \(entry.path) in layer has no target")
            }
            let checksum = try transaction.writeSymlink(
                uid: entry.uid, gid: entry.gid, xattrs: entry.xattrs, target: target)
            try tree.setFile(path, checksum, entry: entry.path)
        case .hardlink:
            guard let checksum = try hardlinkContent(entry) else {
                filter(entry.path, as: "sysroot")
                return
            }
            try tree.setFile(path, checksum, entry: entry.path)
        case .other(let mode):
            throw ToolError(
                .unsupported, "unsupported file type (mode \(String(mode, radix: 8))) at \(entry.path) in layer")
        }
    }

    /// The content a hardlink entry stands for; `nil` for a link into an ostree repository whose object the layer
    /// does not carry.
    private func hardlinkContent(_ entry: TarEntry) throws -> Checksum? {
        guard let target = entry.linkTarget, !target.isEmpty else {
            throw ToolError(.corrupt, "hardlink \(entry.path) in layer has no target")
        }
        let components = LayerPath.components(of: target)
        if let components, LayerPath.isInOstreeRepo(components) {
            return repoObjects[LayerTree.key(components)]
        }
        guard let components, !target.hasPrefix("/") else {
            throw ToolError(.corrupt, "hardlink \(entry.path) in layer points outside the layer: \(target)")
        }
        guard case .kept(let path) = LayerPath.place(components, allowNonUsr: options.allowNonUsr),
            let checksum = try tree.file(at: path)
        else {
            throw ToolError(
                .corrupt,
                "hardlink \(entry.path) in layer points at \(target), which is not a file earlier in the layer")
        }
        return checksum
    }

    private func writeRegularFile(_ entry: TarEntry) throws -> Checksum {
        try transaction.writeRegularFile(
            uid: entry.uid, gid: entry.gid, mode: entry.permissions, xattrs: entry.xattrs, size: entry.size,
            from: reader, path: entry.path)
    }

    private func filter(_ path: String, as name: String) {
        let count = filtered[name, default: 0]
        if count < UInt32.max { filtered[name] = count + 1 }
        if filteredPaths.count < Self.filteredPathLimit { filteredPaths.append(path) }
    }

    private func commit() throws -> DerivedLayerResult {
        var metadata: [String: VariantValue] = [DerivedLayerMetadata.version: .string(ToolVersion.current)]
        let implicit = tree.implicitDirectories
        if !implicit.isEmpty { metadata[DerivedLayerMetadata.implicitDirectories] = .strings(implicit) }
        let root = try transaction.writeMutableTree(tree.root)
        let commit = try transaction.writeCommit(
            root: root, parent: nil, subject: nil, body: nil, metadata: metadata, timestamp: 0)
        return DerivedLayerResult(commit: commit, filtered: filtered, filteredPaths: filteredPaths)
    }
}
