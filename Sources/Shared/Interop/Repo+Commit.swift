internal import COSTree

/// A directory tree stored in the repository, as `Transaction.writeMutableTree` returns it: the root to hand to
/// `Transaction.writeCommit`.
public final class WrittenTree {
    /// The `OstreeRepoFile` root that `ostree_repo_write_mtree` returned (transfer full).
    let file: OpaquePointer
    /// The root dirtree checksum.
    public let tree: Checksum
    /// The root dirmeta checksum.
    public let meta: Checksum

    fileprivate init(taking file: OpaquePointer, tree: Checksum, meta: Checksum) {
        self.file = file
        self.tree = tree
        self.meta = meta
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(file)) }
}

extension Transaction {
    /// Writes every changed directory of `tree` as dirtree objects and returns its root (`ostree_repo_write_mtree`).
    /// Untouched lazy subtrees are reused as they are.
    /// - Throws: `ToolError(.ostree)` when a directory has no metadata or a lazy directory cannot be loaded.
    public func writeMutableTree(_ tree: MutableTree) throws -> WrittenTree {
        var out: OpaquePointer?
        do {
            try gcall { ostree_repo_write_mtree(repo.raw, tree.raw, &out, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot write the directory tree", underlying: error)
        }
        guard let out else { throw ToolError(.ostree, "cannot write the directory tree: no root returned") }
        guard let treeHex = ostree_repo_file_tree_get_contents_checksum(out),
            let metaHex = ostree_repo_file_tree_get_metadata_checksum(out),
            let treeChecksum = Checksum(hex: String(cString: treeHex)),
            let metaChecksum = Checksum(hex: String(cString: metaHex))
        else {
            g_object_unref(UnsafeMutableRawPointer(out))
            throw ToolError(.ostree, "cannot write the directory tree: the root has no checksums")
        }
        return WrittenTree(taking: out, tree: treeChecksum, meta: metaChecksum)
    }

    /// Writes a commit object for `root` (`ostree_repo_write_commit_with_time`).
    /// - Parameters:
    ///   - parent: the parent commit, or `nil` for none.
    ///   - subject, body: `nil` is stored as the empty string.
    ///   - metadata: the `a{sv}` metadata, serialized with keys in byte order so equal inputs give equal commits.
    ///   - timestamp: seconds since the epoch.
    /// - Returns: the commit checksum.
    public func writeCommit(
        root: WrittenTree, parent: Checksum?, subject: String?, body: String?, metadata: [String: VariantValue],
        timestamp: UInt64
    ) throws -> Checksum {
        let dictionary = GVariantRef.metadataDictionary(metadata)
        var out: UnsafeMutablePointer<CChar>?
        do {
            try gcall {
                ostree_repo_write_commit_with_time(
                    repo.raw, parent?.hex, subject, body, dictionary.raw, root.file, guint64(timestamp), &out, nil,
                    $0)
            }
        } catch {
            throw ToolError(.ostree, "cannot write a commit of tree \(root.tree)", underlying: error)
        }
        guard let out, let checksum = Checksum(hex: takeGString(out)) else {
            throw ToolError(.ostree, "cannot write a commit of tree \(root.tree): no checksum returned")
        }
        return checksum
    }

    /// Writes a dirmeta object `(uuua(ayay))` and returns its checksum (`ostree_repo_write_metadata`, computed).
    /// - Parameters:
    ///   - mode: the full mode; `S_IFDIR` is added when missing.
    ///   - xattrs: stored in canonical order (see `Xattr.canonical`).
    public func writeDirMeta(uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [Xattr]) throws -> Checksum {
        let fullMode = (mode & ~FileMode.typeMask) | FileMode.directory
        let xattrVariant = GVariantRef.xattrs(Xattr.canonical(xattrs))
        let variant = withExtendedLifetime(xattrVariant) {
            let fields: [OpaquePointer?] = [
                g_variant_new_uint32(uid.bigEndian), g_variant_new_uint32(gid.bigEndian),
                g_variant_new_uint32(fullMode.bigEndian), xattrVariant.raw,
            ]
            return GVariantRef(sinking: fields.withUnsafeBufferPointer { g_variant_new_tuple($0.baseAddress, 4) })
        }
        let name = "dirmeta \(uid)/\(gid)/\(String(fullMode, radix: 8))"
        var out: UnsafeMutablePointer<guchar>?
        do {
            try gcall {
                ostree_repo_write_metadata(repo.raw, OSTREE_OBJECT_TYPE_DIR_META, nil, variant.raw, &out, nil, $0)
            }
        } catch {
            throw ToolError(.ostree, "cannot write \(name)", underlying: error)
        }
        guard let checksum = takeChecksum(out) else { throw ToolError(.ostree, "cannot write \(name): no checksum") }
        return checksum
    }

    /// Writes a symlink content object and returns its computed checksum (`ostree_repo_write_symlink`).
    /// The target is stored as given, never resolved.
    public func writeSymlink(uid: UInt32, gid: UInt32, xattrs: [Xattr], target: String) throws -> Checksum {
        let xattrVariant = GVariantRef.xattrs(Xattr.canonical(xattrs))
        let written: UnsafeMutablePointer<CChar>
        do {
            written = try gcallReturning {
                ostree_repo_write_symlink(repo.raw, nil, uid, gid, xattrVariant.raw, target, nil, $0)
            }
        } catch {
            throw ToolError(.ostree, "cannot write a symlink object to '\(target)'", underlying: error)
        }
        guard let checksum = Checksum(hex: takeGString(written)) else {
            throw ToolError(.ostree, "cannot write a symlink object to '\(target)': no checksum")
        }
        return checksum
    }

    /// Writes a regular file from memory and returns its computed checksum (`ostree_repo_write_regfile_inline`).
    /// - Parameter mode: the full mode; `S_IFREG` is added when missing.
    public func writeRegularFile(uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [Xattr], data: [UInt8]) throws
        -> Checksum
    {
        let xattrVariant = GVariantRef.xattrs(Xattr.canonical(xattrs))
        let fullMode = (mode & ~FileMode.typeMask) | FileMode.regular
        let written: UnsafeMutablePointer<CChar>
        do {
            written = try data.withUnsafeBufferPointer { buffer throws(GLibError) in
                try gcallReturning {
                    ostree_repo_write_regfile_inline(
                        repo.raw, nil, uid, gid, fullMode, xattrVariant.raw, buffer.baseAddress, gsize(buffer.count),
                        nil, $0)
                }
            }
        } catch {
            throw ToolError(.ostree, "cannot write a regular file object of \(data.count) bytes", underlying: error)
        }
        guard let checksum = Checksum(hex: takeGString(written)) else {
            throw ToolError(.ostree, "cannot write a regular file object: no checksum")
        }
        return checksum
    }
}
