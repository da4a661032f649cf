import Foundation

/// The layer-by-layer part of a pull: which layers the store has, fetching the others through verified readers
/// on parallel lanes (`LayerLanes`), and the counts the report shows.
final class PullSession: @unchecked Sendable {
    let repo: Repo
    let source: any ImageSource
    let layout: ImageLayout
    let options: PullOptions
    let progress: Progress
    /// The layers the store does not have yet, by digest.
    private let missing: Set<Digest>
    private let lock = NSLock()
    private var counts = (fetched: 0, bytesFetched: UInt64(0))

    /// Layers fetched so far.
    var fetched: Int { lock.withLock { counts.fetched } }
    /// Compressed bytes of the layers fetched so far.
    var bytesFetched: UInt64 { lock.withLock { counts.bytesFetched } }
    /// Layers the store already had.
    var reused: Int { layout.ostreeLayers.count + layout.derivedLayers.count - missing.count }
    /// Entries the derived layers filtered out, counted by name (see `DerivedLayerResult`).
    private(set) var filtered: [String: UInt32] = [:]
    /// The first filtered paths of the derived layers.
    private(set) var filteredPaths: [String] = []

    init(repo: Repo, source: any ImageSource, layout: ImageLayout, options: PullOptions) throws {
        self.repo = repo
        self.source = source
        self.layout = layout
        self.options = options
        let layers = layout.ostreeLayers + layout.derivedLayers
        let missingLayers = try layers.filter { try repo.resolveIfExists(StoreRefs.layer($0.digest)) == nil }
        missing = Set(missingLayers.map(\.digest))
        progress = Progress(
            label: "Fetching \(missingLayers.count) of \(layers.count) layers", quiet: options.quiet, unit: "done",
            totalBytes: missingLayers.reduce(0) { $0 + $1.size })
    }

    /// Compressed bytes of component layers imported per transaction: few transactions (each ends with fsyncs),
    /// yet a killed pull keeps what it finished in steps of this size.
    static let batchSize: UInt64 = 64 * 1024 * 1024

    /// Imports the component layers on parallel lanes, then the commit layer (the commit is written after the
    /// objects it needs).
    /// - Returns: the ostree commit, or `nil` for an image without one.
    func importOstreeLayers(policy: CommitSignaturePolicy?) throws -> Checksum? {
        let components = layout.componentLayers.filter { missing.contains($0.digest) }
        try LayerLanes.run(components, repo: repo, source: source) { lane in
            while let first = lane.next() {
                try lane.repo.withTransaction { transaction in
                    var layer: Descriptor? = first
                    var bytes: UInt64 = 0
                    while let current = layer {
                        try fetch(current, from: lane.source) { reader, ref in
                            let objects = try CommitImporter.importObjectSet(reader, in: transaction)
                            transaction.setRef(ref, to: try ObjectSetCommit.write(objects: objects, in: transaction))
                        }
                        bytes += current.size
                        layer = bytes < Self.batchSize ? lane.next() : nil
                    }
                }
            }
        }
        guard let commitLayer = layout.commitLayer else { return nil }
        if let stored = try repo.resolveIfExists(StoreRefs.layer(commitLayer.digest)) {
            if let policy {
                try policy.verify(
                    repo: repo, commit: stored, commitBytes: repo.loadMetadataBytes(.commit, stored),
                    detachedMetadata: repo.detachedMetadata(of: stored))
            }
            return stored
        }
        var commit: Checksum?
        try fetch(commitLayer, from: source) { reader, ref in
            commit = try CommitImporter.importStream(reader, into: repo, ref: ref, policy: policy).commit
        }
        return commit
    }

    /// Imports the derived layers on parallel lanes, each as a commit of its own.
    /// - Returns: the layer commits, lowest first.
    func importDerivedLayers() throws -> [Checksum] {
        let layers = layout.derivedLayers
        let fetching = layers.filter { missing.contains($0.digest) }
        let results = Locked<[Digest: DerivedLayerResult]>([:])
        try LayerLanes.run(fetching, repo: repo, source: source) { lane in
            while let layer = lane.next() {
                try fetch(layer, from: lane.source) { reader, ref in
                    let result = try reader.read { tar in
                        try DerivedLayerImporter.importLayer(
                            tar, into: lane.repo, ref: ref, options: DerivedLayerOptions(allowNonUsr: options.allowNonUsr))
                    }
                    results.update { $0[layer.digest] = result }
                }
            }
        }
        let imported = results.value
        for result in fetching.compactMap({ imported[$0.digest] }) {
            filtered.merge(result.filtered) { $0 + $1 }
            filteredPaths += result.filteredPaths.prefix(DerivedLayerImporter.filteredPathLimit - filteredPaths.count)
        }
        return try layers.map { layer in
            guard let commit = try repo.resolveIfExists(StoreRefs.layer(layer.digest)) else {
                throw ToolError(.ostree, "layer \(layer.digest) was imported but its ref is missing")
            }
            return commit
        }
    }

    /// Streams one layer from `source` through a verified reader into `body`, which imports it and sets `ref`.
    private func fetch(
        _ layer: Descriptor, from source: any ImageSource, _ body: (VerifiedLayerReader, String) throws -> Void
    ) throws {
        let blob = try source.openBlob(layer)
        defer { blob.close() }
        blob.onRead = { [progress] count in progress.add(bytes: UInt64(count)) }
        let reader = try VerifiedLayerReader(blob: blob, descriptor: layer, expectedDiffID: layout.diffIDs[layer.digest])
        try body(reader, try StoreRefs.layer(layer.digest))
        lock.withLock {
            counts.fetched += 1
            counts.bytesFetched += layer.size
        }
        progress.add(objects: 1)
    }
}
