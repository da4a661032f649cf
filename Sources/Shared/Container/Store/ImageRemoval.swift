/// What `container-image remove` did.
public struct RemoveReport: Encodable, Sendable {
    /// The images removed, as given.
    public let removed: [String]
    /// The garbage collection that followed; absent with `--skip-gc`.
    public let prune: PruneReport?
}

/// Removal of images from the store (format spec §5.3.5 `remove_images`).
public enum ImageRemoval {
    /// Deletes the image refs of `references` in one transaction, then, with `prune`, garbage-collects the store
    /// (`StorePrune.run`).
    ///
    /// All or nothing: when any image is not stored, no ref is deleted.
    /// - Throws: `ToolError(.notFound)` naming every image the store does not hold.
    public static func remove(_ references: [ImageReference], repo: Repo, prune: Bool) throws -> RemoveReport {
        var refs: [String] = []
        var missing: [String] = []
        for reference in references {
            let ref = try StoreRefs.image(reference)
            if try repo.resolveIfExists(ref) == nil {
                missing.append(reference.description)
            } else {
                refs.append(ref)
            }
        }
        guard missing.isEmpty else {
            let noun = missing.count == 1 ? "image" : "images"
            throw ToolError(.notFound, "no \(noun) \(missing.joined(separator: ", ")) in the store of \(repo.path)")
        }
        try repo.withTransaction { transaction in
            for ref in refs { transaction.setRef(ref, to: nil) }
        }
        return RemoveReport(
            removed: references.map(\.description), prune: prune ? try StorePrune.run(repo: repo) : nil)
    }
}
