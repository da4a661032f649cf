internal import COSTree

extension Repo {
    /// Every local ref whose name starts with `prefix` (`ostree_repo_list_refs_ext`), by full ref name.
    public func refs(prefix: String) throws -> [String: Checksum] {
        try listRefs(prefix: prefix, flags: OSTREE_REPO_LIST_REFS_EXT_NONE)
    }

    /// Every ref of the repository: local ones by name, remote ones as `REMOTE:NAME`
    /// (`ostree_repo_list_refs_ext` without a prefix).
    func allRefs() throws -> [String: Checksum] {
        try listRefs(prefix: nil, flags: OSTREE_REPO_LIST_REFS_EXT_NONE)
    }

    private func listRefs(prefix: String?, flags: OstreeRepoListRefsExtFlags) throws -> [String: Checksum] {
        var table: OpaquePointer?
        do {
            try gcall { ostree_repo_list_refs_ext(raw, prefix, &table, flags, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot list refs under \(prefix ?? "/") in \(path)", underlying: error)
        }
        guard let table else { return [:] }
        defer { g_hash_table_unref(table) }
        var result: [String: Checksum] = [:]
        for (name, value) in stringKeyedEntries(table) {
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
