/// What `container-image prune` (and `remove` without `--skip-gc`) deleted.
public struct PruneReport: Encodable, Sendable {
    /// The layer refs deleted because no stored image uses them, sorted.
    public let layerRefsDeleted: [String]
    /// Objects in the repository before pruning.
    public let objectsTotal: Int
    /// Objects deleted because no ref reaches them any more.
    public let objectsPruned: Int
    /// Bytes freed on disk.
    public let bytesFreed: UInt64

    private enum CodingKeys: String, CodingKey {
        case layerRefsDeleted = "layer_refs_deleted"
        case objectsTotal = "objects_total"
        case objectsPruned = "objects_pruned"
        case bytesFreed = "bytes_freed"
    }

    /// The text form: two lines, the number of layer refs deleted, then the objects pruned and the bytes freed.
    public var text: String {
        """
        Deleted layer refs: \(layerRefsDeleted.count)
        Pruned objects: \(objectsPruned) of \(objectsTotal), freed \(ByteCount.format(bytesFreed))

        """
    }
}

/// Garbage collection of the image store: unused layer refs, then every object no ref reaches.
public enum StorePrune {
    /// Deletes the layer refs no stored image uses (`LayerGC`), then prunes unreachable objects
    /// (`Repo.pruneUnreachableObjects`, refs only: store refs keep their commit, not its parents; other refs keep
    /// their whole history). Objects an image still uses, directly or shared with another image, stay: every
    /// stored image keeps its merge commit and layer commits through refs.
    public static func run(repo: Repo) throws -> PruneReport {
        let deleted = try LayerGC.deleteUnreferencedLayerRefs(repo: repo)
        let pruned = try repo.pruneUnreachableObjects(commitOnlyUnder: ImageLabels.storeRefPrefix)
        return PruneReport(
            layerRefsDeleted: deleted, objectsTotal: pruned.objectsTotal, objectsPruned: pruned.objectsPruned,
            bytesFreed: pruned.bytesFreed)
    }
}
