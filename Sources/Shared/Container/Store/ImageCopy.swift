/// What `container-image copy` did.
public struct CopyReport: Encodable, Sendable {
    /// The image as stored in the source repository.
    public let source: String
    /// The image ref written in the destination repository.
    public let destination: String
    /// The merge commit, now also in the destination.
    public let mergeCommit: String
    /// The layer refs copied (one per manifest layer).
    public let layerRefs: [String]

    private enum CodingKeys: String, CodingKey {
        case source, destination
        case mergeCommit = "merge_commit"
        case layerRefs = "layer_refs"
    }
}

/// Copying a stored image between repositories (format spec §5.3.5 `copy`).
public enum ImageCopy {
    /// Copies the image `reference` from the store of `source` into `destination`: every layer ref of its
    /// manifest and its merge commit, with all the objects they reach (`Repo.pullLocal`, mirror mode), then points
    /// the image ref of `destinationReference` (default: `reference`) at the merge commit.
    ///
    /// The image ref is written only after everything it needs is in `destination`.
    /// - Throws: `ToolError(.notFound)` naming the image when `source` does not store it, or naming the layer
    ///   whose ref is missing there; `ToolError(.ostree)` when the pull fails.
    public static func copy(
        _ reference: ImageReference, from source: Repo, to destination: Repo,
        as destinationReference: ImageReference? = nil
    ) throws -> CopyReport {
        let image = try StoredImage.require(repo: source, reference: reference)
        var layerRefs: [String] = []
        for layer in image.manifest.layers {
            let ref = try StoreRefs.layer(layer.digest)
            guard try source.resolveIfExists(ref) != nil else {
                throw ToolError(.notFound, "layer \(layer.digest) of image \(reference) has no ref in \(source.path)")
            }
            if !layerRefs.contains(ref) { layerRefs.append(ref) }
        }
        try destination.pullLocal(from: source.path, revs: layerRefs + [image.mergeCommit.hex])
        let target = destinationReference ?? reference
        let targetRef = try StoreRefs.image(target)
        try destination.withTransaction { $0.setRef(targetRef, to: image.mergeCommit) }
        return CopyReport(
            source: reference.description, destination: target.description, mergeCommit: image.mergeCommit.hex,
            layerRefs: layerRefs)
    }
}
