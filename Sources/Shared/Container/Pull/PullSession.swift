import Foundation

/// The layer-by-layer part of a pull: which layers the store has, fetching the others through verified readers
/// on parallel lanes (`LayerLanes`), and the counts the report shows.
final class PullSession: @unchecked Sendable {
    let repo: Repo
    let source: any ImageSource
    let layout: ImageLayout
    let options: PullOptions
    let progress: Progress
    /// The layers to fetch, each digest once: the commit layer first (so a bad signature stops the pull before the
    /// bulk is fetched), then the largest first.
    private let queue: [Descriptor]
    private let derivedDigests: Set<Digest>
    private let counts = Locked((fetched: 0, bytes: UInt64(0)))
    private let derivedResults = Locked<[Digest: DerivedLayerResult]>([:])
    private let staged = Locked<StagedCommit?>(nil)

    /// Layers fetched so far.
    var fetched: Int { counts.value.fetched }
    /// Compressed bytes of the layers fetched so far.
    var bytesFetched: UInt64 { counts.value.bytes }
    /// Layers the store already had (a layer listed twice counts once as fetched, then as reused).
    var reused: Int { layout.ostreeLayers.count + layout.derivedLayers.count - queue.count }

    init(repo: Repo, source: any ImageSource, layout: ImageLayout, options: PullOptions) throws {
        self.repo = repo
        self.source = source
        self.layout = layout
        self.options = options
        var seen: Set<Digest> = []
        let missing = try (layout.ostreeLayers + layout.derivedLayers).filter {
            try seen.insert($0.digest).inserted && repo.resolveIfExists(StoreRefs.layer($0.digest)) == nil
        }
        let commitDigest = layout.commitLayer?.digest
        queue = missing.filter { $0.digest == commitDigest }
            + missing.filter { $0.digest != commitDigest }.sorted { $0.size > $1.size }
        derivedDigests = Set(layout.derivedLayers.map(\.digest))
        progress = Progress(
            label: "Fetching \(missing.count) of \(seen.count) layers", quiet: options.quiet, unit: "done",
            totalBytes: missing.reduce(0) { $0 + $1.size })
    }

    /// Compressed bytes of layers imported per transaction: few transactions (each ends with a filesystem sync),
    /// yet a killed pull keeps what it finished in steps of this size.
    static let batchSize: UInt64 = 64 * 1024 * 1024

    /// Fetches and imports every missing layer on parallel lanes, in transactions of up to `batchSize` bytes per
    /// lane: component layers as object sets, derived layers as commits of their own, each with its layer ref;
    /// the commit layer's objects too, its commit object left staged for the caller to write last.
    /// - Parameter policy: the signature the commit must carry (checked before its objects are imported).
    /// - Returns: the staged commit, when the commit layer was fetched.
    /// - Throws: the first failure of any layer, naming its digest, object or signature.
    func importLayers(policy: CommitSignaturePolicy?) throws -> StagedCommit? {
        try LayerLanes.run(queue, repo: repo, source: source) { lane in
            while let first = lane.next() {
                try lane.repo.withTransaction { transaction in
                    var layer: Descriptor? = first
                    var bytes: UInt64 = 0
                    while let current = layer {
                        try importLayer(current, from: lane.source, in: transaction, policy: policy)
                        bytes += current.size
                        layer = bytes < Self.batchSize ? lane.next() : nil
                    }
                }
            }
        }
        return staged.value
    }

    /// The commit of the stored commit layer, when it was not fetched, checked against `policy`.
    /// - Returns: `nil` for an image without an ostree commit, or when the commit layer was fetched.
    func storedCommit(policy: CommitSignaturePolicy?) throws -> Checksum? {
        guard let commitLayer = layout.commitLayer, staged.value == nil,
            let stored = try repo.resolveIfExists(StoreRefs.layer(commitLayer.digest))
        else { return nil }
        if let policy {
            try policy.verify(
                repo: repo, commit: stored, commitBytes: repo.loadMetadataBytes(.commit, stored),
                detachedMetadata: repo.detachedMetadata(of: stored))
        }
        return stored
    }

    /// The derived layers' commits, lowest first.
    func derivedCommits() throws -> [Checksum] {
        try layout.derivedLayers.map { layer in
            guard let commit = try repo.resolveIfExists(StoreRefs.layer(layer.digest)) else {
                throw ToolError(.ostree, "layer \(layer.digest) was imported but its ref is missing")
            }
            return commit
        }
    }

    /// What the derived layers fetched now left out: counts by name, and the first paths in layer order.
    func derivedFiltering() -> (counts: [String: UInt32], paths: [String]) {
        let results = derivedResults.value
        var counts: [String: UInt32] = [:]
        var paths: [String] = []
        for result in layout.derivedLayers.compactMap({ results[$0.digest] }) {
            counts.merge(result.filtered) { $0 + $1 }
            paths += result.filteredPaths.prefix(DerivedLayerImporter.filteredPathLimit - paths.count)
        }
        return (counts, paths)
    }

    /// Fetches one layer into `transaction` as what it is: the commit layer, a derived layer or an object set.
    private func importLayer(
        _ layer: Descriptor, from source: any ImageSource, in transaction: Transaction,
        policy: CommitSignaturePolicy?
    ) throws {
        let blob = try source.openBlob(layer)
        defer { blob.close() }
        blob.onRead = { [progress] count in progress.add(bytes: UInt64(count)) }
        let reader = try VerifiedLayerReader(blob: blob, descriptor: layer, expectedDiffID: layout.diffIDs[layer.digest])
        let ref = try StoreRefs.layer(layer.digest)
        if layer.digest == layout.commitLayer?.digest {
            let commit = try CommitImporter.stageStream(reader, in: transaction, policy: policy)
            staged.update { $0 = commit }
        } else if derivedDigests.contains(layer.digest) {
            let options = DerivedLayerOptions(allowNonUsr: options.allowNonUsr)
            let result = try reader.read { tar in try DerivedLayerImporter.importLayer(tar, in: transaction, options: options) }
            transaction.setRef(ref, to: result.commit)
            derivedResults.update { $0[layer.digest] = result }
        } else {
            let objects = try CommitImporter.importObjectSet(reader, in: transaction)
            transaction.setRef(ref, to: try ObjectSetCommit.write(objects: objects, in: transaction))
        }
        counts.update {
            $0.fetched += 1
            $0.bytes += layer.size
        }
        progress.add(objects: 1)
    }
}
