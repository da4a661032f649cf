internal import COSTree

/// What `Repo.pruneUnreachableObjects()` found and deleted.
public struct PruneResult: Sendable, Hashable {
    /// Objects in the repository before pruning.
    public let objectsTotal: Int
    /// Objects deleted.
    public let objectsPruned: Int
    /// Bytes the deleted objects took on disk.
    public let bytesFreed: UInt64
}

extension Repo {
    /// Deletes every object that no ref reaches, keeping the full history of each ref
    /// (`ostree_repo_prune` with `OSTREE_REPO_PRUNE_FLAGS_REFS_ONLY` and depth -1, as `ostree prune --refs-only`).
    ///
    /// Must not run inside a transaction; libostree takes the repository lock itself.
    /// - Throws: `ToolError(.ostree)` naming the repository when libostree cannot walk or delete objects.
    public func pruneUnreachableObjects() throws -> PruneResult {
        var total: gint = 0
        var pruned: gint = 0
        var size: guint64 = 0
        do {
            try gcall {
                ostree_repo_prune(raw, OSTREE_REPO_PRUNE_FLAGS_REFS_ONLY, -1, &total, &pruned, &size, nil, $0)
            }
        } catch {
            throw ToolError(.ostree, "cannot prune unreachable objects in \(path)", underlying: error)
        }
        return PruneResult(objectsTotal: Int(total), objectsPruned: Int(pruned), bytesFreed: UInt64(size))
    }
}
