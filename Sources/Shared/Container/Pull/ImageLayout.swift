/// Which layers of an image carry what (format spec §5.3.2): the ostree commit layer, the object-set (chunk)
/// layers, and the derived (non-ostree) layers after `ostree.final-diffid`.
public struct ImageLayout: Sendable {
    /// The first layer, holding the commit; `nil` for an image that carries no ostree commit at all.
    public let commitLayer: Descriptor?
    /// Layers up to and including the final diff ID, besides the commit layer.
    public let componentLayers: [Descriptor]
    /// Layers after the final diff ID (or every layer of a non-ostree image).
    public let derivedLayers: [Descriptor]
    /// Every layer's diff ID, by layer digest.
    public let diffIDs: [Digest: Digest]

    /// Splits `manifest`'s layers using `config`'s labels and diff IDs.
    /// - Throws: `ToolError(.corrupt)` when the image has no layers, the diff IDs do not match the layers, or the
    ///   final diff ID is not one of them.
    public init(manifest: Manifest, config: ImageConfig) throws {
        guard let first = manifest.layers.first else { throw ToolError(.corrupt, "the image manifest has no layers") }
        guard config.rootfs.diffIDs.count == manifest.layers.count else {
            throw ToolError(
                .corrupt,
                "the image config lists \(config.rootfs.diffIDs.count) diff IDs for \(manifest.layers.count) layers")
        }
        var diffIDs: [Digest: Digest] = [:]
        for (layer, diffID) in zip(manifest.layers, config.rootfs.diffIDs) { diffIDs[layer.digest] = diffID }
        self.diffIDs = diffIDs
        let finalLabel = config.config?.labels?[ImageLabels.finalDiffID] ?? manifest.annotations?[ImageLabels.finalDiffID]
        guard let finalLabel else {
            commitLayer = nil
            componentLayers = []
            derivedLayers = manifest.layers
            return
        }
        let finalDiffID = try Digest(parsing: finalLabel)
        guard let position = config.rootfs.diffIDs.firstIndex(of: finalDiffID) else {
            throw ToolError(.corrupt, "\(ImageLabels.finalDiffID) \(finalDiffID) is not a diff ID of the image")
        }
        let target = manifest.layers[position]
        commitLayer = first
        var components: [Descriptor] = []
        var derived: [Descriptor] = []
        var pastTarget = false
        for layer in manifest.layers.dropFirst() {
            if pastTarget {
                guard layer != target else {
                    throw ToolError(.corrupt, "layer \(layer.digest) appears twice around the final diff ID")
                }
                derived.append(layer)
            } else if layer != first {
                components.append(layer)
            }
            if layer == target { pastTarget = true }
        }
        componentLayers = components
        derivedLayers = derived
    }

    /// The ostree layers (commit layer first, then the components).
    public var ostreeLayers: [Descriptor] { (commitLayer.map { [$0] } ?? []) + componentLayers }
}
