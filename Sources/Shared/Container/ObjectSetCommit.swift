/// The synthetic commit that records an object-set layer in the repository (format spec §3.4), so that a layer
/// ref can keep its content objects alive.
///
/// The root directory holds one file per object, named by the object's own checksum; its dirmeta is uid 0, gid 0,
/// mode `040755` without xattrs. The commit has no parent, subject, body or metadata and timestamp 0, so the same
/// set of objects always gives the same commit checksum, as ostree-ext writes it.
public enum ObjectSetCommit {
    /// Writes the synthetic commit for `objects` (content checksums, in any order, repeats ignored).
    /// - Returns: the commit checksum.
    /// - Throws: `ToolError(.ostree)` when libostree cannot write the tree or the commit.
    public static func write(objects: some Sequence<Checksum>, in transaction: Transaction) throws -> Checksum {
        let root = MutableTree()
        root.metadataChecksum = try transaction.writeDirMeta(uid: 0, gid: 0, mode: 0o755, xattrs: [])
        for object in objects {
            do {
                try root.replaceFile(object.hex, object)
            } catch {
                throw ToolError(.ostree, "cannot add object \(object) to the object-set tree", underlying: error)
            }
        }
        let tree = try transaction.writeMutableTree(root)
        return try transaction.writeCommit(
            root: tree, parent: nil, subject: nil, body: nil, metadata: [:], timestamp: 0)
    }
}
