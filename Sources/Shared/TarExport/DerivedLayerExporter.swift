/// Writes a derived layer commit (as `DerivedLayerImporter` stores a non-ostree layer) back as a plain layer tar,
/// for re-exporting a layered image from the store (format spec §5.3.6).
///
/// The tar is the commit's tree, depth-first, each directory's entry before its files and subdirectories, with
/// owners, modes and xattrs (`SCHILY.xattr.*`, so write it in the `.pax` format) and mtime 0:
/// * `/usr/etc` is written as `etc`, where image layers keep `/etc` (the importer moved it);
/// * whiteout files (`.wh.NAME`, `.wh..wh..opq`) are kept: they are what the layer deletes below it;
/// * directories the layer only created as parents (`DerivedLayerMetadata.implicitDirectories`) get no entry, so
///   that importing the tar again leaves the lower layers' metadata on them, as the original layer did;
/// * a non-empty regular file whose content already appeared is a hardlink to its first path (empty ones, such as
///   whiteouts, are always files of their own).
///
/// Importing the result gives the same layer tree, but the tar is **not** byte-identical to the layer blob that was
/// pulled (entry order, header format, timestamps and hardlinks are this writer's), so its digest and diff ID
/// differ from the original's. ostree-ext regenerates these layers with `ostree export`, which differs too.
public final class DerivedLayerExporter {
    private let repo: Repo
    private let writer: TarWriter
    private let layer: Checksum
    /// Absolute paths of directories that have no entry of their own.
    private let implicitDirectories: Set<String>
    /// The tar path each regular file's content was first written at.
    private var firstPaths: [Checksum: String] = [:]

    private init(repo: Repo, writer: TarWriter, layer: Checksum, implicitDirectories: Set<String>) {
        self.repo = repo
        self.writer = writer
        self.layer = layer
        self.implicitDirectories = implicitDirectories
    }

    /// Exports the layer commit `commit` of `repo` into `writer` and finishes the stream.
    /// - Throws: `ToolError` naming the layer commit and the object that could not be read or written.
    public static func export(repo: Repo, commit: Checksum, to writer: TarWriter) throws {
        let object = try repo.loadCommit(commit)
        var implicit: Set<String> = []
        if case .strings(let paths)? = object.metadata[DerivedLayerMetadata.implicitDirectories] {
            implicit = Set(paths)
        }
        let exporter = DerivedLayerExporter(repo: repo, writer: writer, layer: commit, implicitDirectories: implicit)
        try exporter.walk(tree: object.rootTree, meta: object.rootMeta, path: "/")
        try writer.finish()
    }

    /// The tar path of the absolute commit path `path`: `./` for the root, `usr/etc…` as `etc…`, otherwise
    /// without the leading `/`.
    static func tarPath(_ path: String) -> String {
        if path == "/" { return "./" }
        let relative = String(path.dropFirst())
        if relative == "usr/etc" { return "etc" }
        if let below = relative.strippingPrefix("usr/etc/") { return "etc/" + below }
        return relative
    }

    private func walk(tree: Checksum, meta: Checksum, path: String) throws {
        if !implicitDirectories.contains(path) {
            let dirMeta = try repo.loadDirMeta(meta)
            try writer.writeDirectory(
                Self.tarPath(path), uid: dirMeta.uid, gid: dirMeta.gid, mode: dirMeta.mode, xattrs: dirMeta.xattrs)
        }
        let dirTree = try repo.loadDirTree(tree)
        for file in dirTree.files {
            try writeFile(file.checksum, at: Self.tarPath(path.appendingTreeComponent(file.name)))
        }
        for directory in dirTree.directories {
            try walk(tree: directory.tree, meta: directory.meta, path: path.appendingTreeComponent(directory.name))
        }
    }

    private func writeFile(_ checksum: Checksum, at path: String) throws {
        let content = try repo.openContent(checksum)
        do {
            if let target = content.symlinkTarget {
                try writer.writeSymlink(
                    path, target: target, uid: content.uid, gid: content.gid, mode: content.mode,
                    xattrs: content.xattrs)
            } else if content.size > 0, let first = firstPaths[checksum] {
                try writer.writeHardlink(path, target: first, uid: content.uid, gid: content.gid, mode: content.mode)
            } else {
                try writer.writeFile(path, content: content, xattrs: content.xattrs)
                firstPaths[checksum] = path
            }
        } catch let error as ToolError {
            throw ToolError(
                error.kind, "cannot export \(path) of layer commit \(layer): \(error.message)",
                underlying: error.underlying)
        }
    }
}
