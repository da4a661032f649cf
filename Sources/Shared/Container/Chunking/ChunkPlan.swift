/// Which content objects go into which layer of a chunked image (format spec §8.3): the commit layer carries the
/// structure and the remainder; each chunk is one layer of whole components.
public struct ChunkPlan: Sendable {
    /// One component layer.
    public struct Chunk: Sendable {
        /// The layer's history `created_by`.
        public let name: String
        /// The `ostree.components` annotation value.
        public let componentsAnnotation: String
        public let objects: [ContentInventory.Object]
    }

    /// Objects that stay in the commit layer.
    public let remainder: [ContentInventory.Object]
    public let chunks: [Chunk]

    /// Everything in the commit layer (a single-layer image).
    public init(singleLayer inventory: ContentInventory) {
        remainder = inventory.objects
        chunks = []
    }

    /// Packs `components` into at most `maxLayers` chunks (keeping `priorBuild`'s layers when given) and moves every object mapped to a component of a chunk
    /// out of the remainder.
    /// - Parameters:
    ///   - mapping: the component identifier of each content object; it must cover every object of `inventory`.
    /// - Throws: `ToolError(.invalidArgument)` naming an object no component claims, or from packing.
    public init(
        inventory: ContentInventory, components: [ObjectSourceMeta], mapping: [Checksum: String], maxLayers: Int,
        priorBuild: Manifest? = nil
    ) throws {
        if let unmapped = inventory.objects.first(where: { mapping[$0.checksum] == nil }) {
            throw ToolError(
                .invalidArgument,
                "content metadata does not map object \(unmapped.checksum) (\(unmapped.paths.first ?? "?"))")
        }
        var sizes: [String: UInt64] = [:]
        for object in inventory.objects {
            if let identifier = mapping[object.checksum] { sizes[identifier, default: 0] += object.size }
        }
        // Sized as ostree-ext does: the sum of the component's objects, largest first, unused components dropped.
        let sized = components.compactMap { component -> ObjectSourceMeta? in
            guard let size = sizes[component.identifier] else { return nil }
            var copy = component
            copy.size = size
            return copy
        }
        .enumerated().sorted { $0.element.size != $1.element.size ? $0.element.size > $1.element.size : $0.offset < $1.offset }
        .map(\.element)
        let bins = try Packing.basicPacking(sized, maxBins: maxLayers, priorBuild: priorBuild)
        var binOf: [String: Int] = [:]
        for (index, bin) in bins.enumerated() {
            for component in bin { binOf[component.identifier] = index }
        }
        var perBin = Array(repeating: [ContentInventory.Object](), count: bins.count)
        var remainder: [ContentInventory.Object] = []
        for object in inventory.objects {
            if let identifier = mapping[object.checksum], let bin = binOf[identifier] {
                perBin[bin].append(object)
            } else {
                remainder.append(object)
            }
        }
        self.remainder = remainder
        chunks = bins.enumerated().map { index, bin in
            Chunk(
                name: Packing.layerName(for: bin), componentsAnnotation: Packing.componentsAnnotationValue(for: bin),
                objects: perBin[index])
        }
    }
}
