/// What each layer of a stored image is regenerated from (format spec §5.3.6): the commit layer from the base
/// commit with the objects no component layer carries, each component layer from the objects of its object-set
/// commit, each derived layer from its layer commit.
struct StoredLayerSources {
    /// What a layer is, for reports.
    enum Kind: String, Encodable, Sendable {
        case commit, component, derived
    }

    /// One distinct layer blob of the image.
    struct Source: Sendable {
        let kind: Kind
        let content: LayerJobs.Content
    }

    /// The source of every distinct layer digest of the manifest.
    let sources: [Digest: Source]

    /// Looks up each layer's ref in the store of `repo`.
    /// - Parameter image: the image's name, for errors.
    /// - Throws: `ToolError(.notFound)` naming the layer digest and ref when a layer is not in the store;
    ///   `ToolError(.corrupt)` when an object-set commit holds a name that is not a checksum.
    init(repo: Repo, layout: ImageLayout, image: String) throws {
        var sources: [Digest: Source] = [:]
        var componentObjects: [Digest: [Checksum]] = [:]
        for layer in layout.componentLayers where componentObjects[layer.digest] == nil {
            let commit = try Self.layerCommit(repo: repo, layer: layer.digest, image: image)
            componentObjects[layer.digest] = try Self.objectSet(repo: repo, commit: commit, layer: layer.digest)
        }
        if let commitLayer = layout.commitLayer {
            let base = try Self.layerCommit(repo: repo, layer: commitLayer.digest, image: image)
            let inventory = try ContentInventory(repo: repo, commit: base)
            let inComponents = Set(componentObjects.values.joined())
            let remainder = inventory.objects.filter { !inComponents.contains($0.checksum) }
            sources[commitLayer.digest] = Source(
                kind: .commit, content: .commitLayer(commit: base, remainder: remainder))
            for (digest, checksums) in componentObjects {
                let objects = try checksums.map { checksum in
                    try inventory.object(checksum)
                        ?? ContentInventory.Object(checksum: checksum, size: repo.openContent(checksum).size, paths: [])
                }
                sources[digest] = sources[digest] ?? Source(kind: .component, content: .objectSet(objects))
            }
        }
        for layer in layout.derivedLayers where sources[layer.digest] == nil {
            let commit = try Self.layerCommit(repo: repo, layer: layer.digest, image: image)
            sources[layer.digest] = Source(kind: .derived, content: .derivedLayer(commit: commit))
        }
        self.sources = sources
    }

    /// The commit the store keeps for `layer` (`ostree/container/blob/<escaped digest>`).
    private static func layerCommit(repo: Repo, layer: Digest, image: String) throws -> Checksum {
        let ref = try StoreRefs.layer(layer)
        guard let commit = try repo.resolveIfExists(ref) else {
            throw ToolError(.notFound, "layer \(layer) of image \(image) is not in the store (no ref \(ref))")
        }
        return commit
    }

    /// The objects of a synthetic object-set commit: the names of its root's files.
    private static func objectSet(repo: Repo, commit: Checksum, layer: Digest) throws -> [Checksum] {
        let root = try repo.loadDirTree(repo.loadCommit(commit).rootTree)
        return try root.files.map { file in
            guard let checksum = Checksum(hex: file.name) else {
                throw ToolError(
                    .corrupt,
                    "object-set commit \(commit) of layer \(layer) holds '\(file.name)', which is not an object checksum"
                )
            }
            return checksum
        }
    }
}
