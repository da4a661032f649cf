import Foundation

/// Garbage collection of layer refs (format spec §5.3.5 `gc_image_layers`): a layer ref stays while some stored
/// image, or some commit another tool keeps as a base image, lists its digest.
public enum LayerGC {
    /// Ref prefixes whose commits, when they carry `ostree.manifest`, keep their layers: deployments
    /// (`ostree/0`, `ostree/1`), rpm-ostree's base and `ostree/container/baseimage`, as ostree-ext keeps them.
    public static let keepingRefPrefixes = ["ostree/0", "ostree/1", "rpmostree/base", ImageLabels.baseImageRefPrefix]

    /// Every layer digest some stored image's manifest lists, or the manifest of a commit under
    /// `keepingRefPrefixes`.
    /// - Throws: `ToolError(.corrupt)` naming the image or commit whose stored manifest cannot be read.
    public static func referencedLayers(repo: Repo) throws -> Set<Digest> {
        var digests = Set(try StoredImage.list(repo: repo).flatMap { $0.manifest.layers.map(\.digest) })
        for prefix in keepingRefPrefixes {
            for (ref, commit) in try repo.refs(prefix: prefix) {
                guard let manifest = try manifest(of: commit, in: repo, ref: ref) else { continue }
                digests.formUnion(manifest.layers.map(\.digest))
            }
        }
        return digests
    }

    /// Deletes every `ostree/container/blob/…` ref whose digest `referencedLayers` does not list, in one
    /// transaction. Objects stay until the repository is pruned.
    /// - Returns: the deleted ref names, sorted.
    public static func deleteUnreferencedLayerRefs(repo: Repo) throws -> [String] {
        let keep = Set(try referencedLayers(repo: repo).map(StoreRefs.layer))
        let unused = try repo.refs(prefix: ImageLabels.layerRefPrefix).keys.filter { !keep.contains($0) }.sorted()
        guard !unused.isEmpty else { return [] }
        try repo.withTransaction { transaction in
            for ref in unused { transaction.setRef(ref, to: nil) }
        }
        return unused
    }

    /// The manifest in a commit's `ostree.manifest` metadata, or `nil` for a commit without one.
    private static func manifest(of commit: Checksum, in repo: Repo, ref: String) throws -> Manifest? {
        guard let text = try repo.loadCommit(commit).metadata[ImageLabels.manifestKey]?.stringValue else { return nil }
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(text.utf8))
        } catch {
            throw ToolError(
                .corrupt, "the manifest stored in commit \(commit) (ref \(ref)) is not valid JSON: \(error)")
        }
    }
}
