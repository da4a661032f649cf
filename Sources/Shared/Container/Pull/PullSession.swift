/// The layer-by-layer part of a pull: which layers the store has, fetching the others through a verified reader,
/// and the counts the report shows.
final class PullSession {
    let repo: Repo
    let source: any ImageSource
    let layout: ImageLayout
    let options: PullOptions
    let progress: Progress
    private(set) var fetched = 0
    private(set) var reused = 0
    private(set) var bytesFetched: UInt64 = 0
    private(set) var filtered: [String: UInt32] = [:]
    private(set) var filteredPaths: [String] = []

    init(repo: Repo, source: any ImageSource, layout: ImageLayout, options: PullOptions) {
        self.repo = repo
        self.source = source
        self.layout = layout
        self.options = options
        let layers = layout.ostreeLayers.count + layout.derivedLayers.count
        progress = Progress(label: "Pulling \(layers) layers", quiet: options.quiet, unit: "done")
    }

    /// Compressed bytes of component layers imported per transaction: few transactions (each ends with fsyncs),
    /// yet a killed pull keeps what it finished in steps of this size.
    static let batchSize: UInt64 = 64 * 1024 * 1024

    /// Imports the component layers, then the commit layer (the commit is written after the objects it needs).
    /// - Returns: the ostree commit, or `nil` for an image without one.
    func importOstreeLayers(policy: CommitSignaturePolicy?) throws -> Checksum? {
        var missing: [Descriptor] = []
        for layer in layout.componentLayers {
            if try repo.resolveIfExists(StoreRefs.layer(layer.digest)) != nil { reused += 1 } else { missing.append(layer) }
        }
        for batch in Self.batches(missing) {
            try repo.withTransaction { transaction in
                for layer in batch {
                    try fetch(layer) { reader, ref in
                        let objects = try CommitImporter.importObjectSet(reader, in: transaction)
                        transaction.setRef(ref, to: try ObjectSetCommit.write(objects: objects, in: transaction))
                    }
                }
            }
        }
        guard let commitLayer = layout.commitLayer else { return nil }
        let ref = try StoreRefs.layer(commitLayer.digest)
        if let stored = try repo.resolveIfExists(ref) {
            reused += 1
            if let policy {
                try policy.verify(
                    repo: repo, commit: stored, commitBytes: repo.loadMetadataBytes(.commit, stored),
                    detachedMetadata: repo.detachedMetadata(of: stored))
            }
            return stored
        }
        var commit: Checksum?
        try fetch(commitLayer) { reader, ref in
            commit = try CommitImporter.importStream(reader, into: repo, ref: ref, policy: policy).commit
        }
        return commit
    }

    /// Imports the derived layers, each as a commit of its own.
    /// - Returns: the layer commits, lowest first.
    func importDerivedLayers() throws -> [Checksum] {
        var commits: [Checksum] = []
        for layer in layout.derivedLayers {
            try fetchUnlessStored(layer) { reader, ref in
                let result = try reader.read { tar in
                    try DerivedLayerImporter.importLayer(
                        tar, into: repo, ref: ref, options: DerivedLayerOptions(allowNonUsr: options.allowNonUsr))
                }
                filtered.merge(result.filtered) { $0 + $1 }
                filteredPaths += result.filteredPaths.prefix(DerivedLayerImporter.filteredPathLimit - filteredPaths.count)
            }
            guard let commit = try repo.resolveIfExists(StoreRefs.layer(layer.digest)) else {
                throw ToolError(.ostree, "layer \(layer.digest) was imported but its ref is missing")
            }
            commits.append(commit)
        }
        return commits
    }

    /// Consecutive layers grouped until each group reaches `batchSize` compressed bytes.
    static func batches(_ layers: [Descriptor]) -> [[Descriptor]] {
        var result: [[Descriptor]] = []
        var current: [Descriptor] = []
        var size: UInt64 = 0
        for layer in layers {
            current.append(layer)
            size += layer.size
            if size >= batchSize {
                result.append(current)
                current = []
                size = 0
            }
        }
        return current.isEmpty ? result : result + [current]
    }

    private func fetchUnlessStored(
        _ layer: Descriptor, _ body: (VerifiedLayerReader, String) throws -> Void
    ) throws {
        if try repo.resolveIfExists(StoreRefs.layer(layer.digest)) != nil {
            reused += 1
            return
        }
        try fetch(layer, body)
    }

    /// Streams one layer from the source through a verified reader into `body`, which imports it and sets `ref`.
    private func fetch(_ layer: Descriptor, _ body: (VerifiedLayerReader, String) throws -> Void) throws {
        progress.update(objects: fetched + reused, bytes: bytesFetched)
        let blob = try source.openBlob(layer)
        defer { blob.close() }
        let reader = try VerifiedLayerReader(blob: blob, descriptor: layer, expectedDiffID: layout.diffIDs[layer.digest])
        try body(reader, try StoreRefs.layer(layer.digest))
        fetched += 1
        bytesFetched += layer.size
        progress.update(objects: fetched + reused, bytes: bytesFetched)
    }
}
