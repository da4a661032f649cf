internal import COSTree

/// What `Repo.pruneUnreachableObjects(commitOnlyUnder:)` found and deleted.
public struct PruneResult: Sendable, Hashable {
    /// Objects in the repository before pruning.
    public let objectsTotal: Int
    /// Objects deleted.
    public let objectsPruned: Int
    /// Bytes the deleted objects took on disk.
    public let bytesFreed: UInt64
}

extension Repo {
    /// Deletes every object no ref reaches, as `ostree prune --refs-only` does, except that refs under `prefix`
    /// keep only their own commit, not its ancestors.
    ///
    /// The image store needs that split: a pulled ostree commit usually names the previous release as its parent,
    /// and with full history that parent (stored for an image since removed) would stay forever; other refs (a
    /// build's branches, remote and mirrored refs, deployments) keep their whole history, as `ostree_repo_prune`
    /// with depth -1 keeps it. Under the exclusive repository lock (`ostree_repo_lock_push`), the reachable set
    /// is built with `ostree_repo_traverse_commit_union` (depth 0 under `prefix`, -1 elsewhere) and handed to
    /// `ostree_repo_prune_from_reachable` with `OSTREE_REPO_PRUNE_FLAGS_REFS_ONLY`, so a concurrent writer cannot
    /// add a ref in between. Must not run inside a transaction.
    /// - Throws: `ToolError(.ostree)` naming the repository when it cannot be locked, walked or pruned.
    public func pruneUnreachableObjects(commitOnlyUnder prefix: String) throws -> PruneResult {
        do {
            try gcall { ostree_repo_lock_push(raw, OSTREE_REPO_LOCK_EXCLUSIVE, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot lock \(path) for pruning", underlying: error)
        }
        defer { _ = try? gcall { ostree_repo_lock_pop(raw, OSTREE_REPO_LOCK_EXCLUSIVE, nil, $0) } }
        guard let reachable = ostree_repo_traverse_new_reachable() else {
            throw ToolError(.ostree, "cannot allocate the reachable set for pruning \(path)")
        }
        defer { g_hash_table_unref(reachable) }
        var roots = try allRefs().map { name, commit in (name, commit, name.hasPrefix(prefix) ? 0 : -1) }
        roots += try mirroredCollectionRefs().map { name, commit in (name, commit, name.hasPrefix(prefix) ? 0 : -1) }
        for (name, commit, depth) in roots {
            do {
                try gcall { ostree_repo_traverse_commit_union(raw, commit.hex, Int32(depth), reachable, nil, $0) }
            } catch {
                throw ToolError(.ostree, "cannot walk commit \(commit) of ref \(name) in \(path)", underlying: error)
            }
        }
        var options = OstreeRepoPruneOptions()
        options.flags = OSTREE_REPO_PRUNE_FLAGS_REFS_ONLY
        options.reachable = reachable
        var total: gint = 0
        var pruned: gint = 0
        var size: guint64 = 0
        do {
            try gcall { ostree_repo_prune_from_reachable(raw, &options, &total, &pruned, &size, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot prune unreachable objects in \(path)", underlying: error)
        }
        return PruneResult(objectsTotal: Int(total), objectsPruned: Int(pruned), bytesFreed: UInt64(size))
    }

    /// Refs that only `ostree_repo_list_collection_refs` lists (mirrored refs under `refs/mirrors`), by ref name,
    /// as `ostree_repo_traverse_reachable_refs` also walks them.
    private func mirroredCollectionRefs() throws -> [(String, Checksum)] {
        var table: OpaquePointer?
        do {
            try gcall {
                ostree_repo_list_collection_refs(raw, nil, &table, OSTREE_REPO_LIST_REFS_EXT_EXCLUDE_REMOTES, nil, $0)
            }
        } catch {
            throw ToolError(.ostree, "cannot list collection refs in \(path)", underlying: error)
        }
        guard let table else { return [] }
        defer { g_hash_table_unref(table) }
        return hashTableEntries(table).compactMap { key, value in
            let ref = key.assumingMemoryBound(to: OstreeCollectionRef.self).pointee
            guard let name = ref.ref_name,
                let commit = Checksum(hex: String(cString: value.assumingMemoryBound(to: CChar.self)))
            else { return nil }
            return (String(cString: name), commit)
        }
    }
}
