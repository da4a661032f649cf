internal import COSTree

extension Repo {
    /// Every local ref whose name starts with `prefix` (`ostree_repo_list_refs_ext`), by full ref name.
    public func refs(prefix: String) throws -> [String: Checksum] {
        var table: OpaquePointer?
        do {
            try gcall { ostree_repo_list_refs_ext(raw, prefix, &table, OSTREE_REPO_LIST_REFS_EXT_NONE, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot list refs under \(prefix)", underlying: error)
        }
        guard let table else { return [:] }
        defer { g_hash_table_unref(table) }
        var result: [String: Checksum] = [:]
        var iterator = GHashTableIter()
        g_hash_table_iter_init(&iterator, table)
        var key: gpointer?
        var value: gpointer?
        while g_hash_table_iter_next(&iterator, &key, &value) != 0 {
            guard let key, let value else { continue }
            let name = String(cString: key.assumingMemoryBound(to: CChar.self))
            if let checksum = Checksum(hex: String(cString: value.assumingMemoryBound(to: CChar.self))) {
                result[name] = checksum
            }
        }
        return result
    }

    /// The commit a ref points at, or `nil` when the ref does not exist.
    public func resolveIfExists(_ ref: String) throws -> Checksum? {
        var out: UnsafeMutablePointer<CChar>?
        do {
            try gcall { ostree_repo_resolve_rev(raw, ref, 1, &out, $0) }
        } catch {
            throw ToolError(.ostree, "cannot resolve '\(ref)'", underlying: error)
        }
        return out.map(takeGString).flatMap { Checksum(hex: $0) }
    }
}
