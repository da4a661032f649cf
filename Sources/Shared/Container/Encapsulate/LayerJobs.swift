import Foundation

/// Writes the layers of an image in parallel: each layer is an independent tar → digest → compress → digest
/// pipeline with its own repository handle, and as many run at once as there are cores.
struct LayerJobs {
    /// What one layer holds.
    enum Content: Sendable {
        case commitLayer(commit: Checksum, remainder: [ContentInventory.Object])
        case objectSet([ContentInventory.Object])
        /// A derived layer commit, regenerated as a plain layer tar (`DerivedLayerExporter`).
        case derivedLayer(commit: Checksum)
    }

    struct Job: Sendable {
        let content: Content
        let compression: BlobCompression

        /// Bytes of content objects, to start the largest layers first (derived layers, of unknown size, last).
        var estimatedSize: UInt64 {
            switch content {
            case .commitLayer(_, let objects), .objectSet(let objects): objects.reduce(0) { $0 + $1.size }
            case .derivedLayer: 0
            }
        }
    }

    let repoPath: String
    let blobsDirectory: String

    /// Runs every job and returns the blobs in job order.
    /// - Throws: the first failure (a `ToolError` naming the layer's object or blob).
    func run(_ jobs: [Job]) throws -> [WrittenBlob] {
        let order = jobs.indices.sorted { jobs[$0].estimatedSize > jobs[$1].estimatedSize }
        let results = LockedResults(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: order.count) { slot in
            let index = order[slot]
            guard !results.failed else { return }
            do {
                results.set(index, try write(jobs[index]))
            } catch {
                results.fail(error)
            }
        }
        return try results.collect()
    }

    private func write(_ job: Job) throws -> WrittenBlob {
        let repo = try Repo(path: repoPath)
        let format: TarWriter.Format
        if case .derivedLayer = job.content { format = .pax } else { format = .gnutar }
        let writer = try LayerBlobWriter(directory: blobsDirectory, compression: job.compression, format: format)
        switch job.content {
        case .commitLayer(let commit, let remainder):
            try CommitExporter.exportCommitLayer(repo: repo, commit: commit, remainder: remainder, to: writer.tar)
        case .objectSet(let objects):
            try CommitExporter.exportObjectSetLayer(repo: repo, objects: objects, to: writer.tar)
        case .derivedLayer(let commit):
            try DerivedLayerExporter.export(repo: repo, commit: commit, to: writer.tar)
        }
        return try writer.commit()
    }
}

/// Results filled in by concurrent workers, guarded by a lock.
private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var blobs: [WrittenBlob?]
    private var error: (any Error)?

    init(count: Int) { blobs = Array(repeating: nil, count: count) }

    var failed: Bool { lock.withLock { error != nil } }

    func set(_ index: Int, _ blob: WrittenBlob) { lock.withLock { blobs[index] = blob } }

    func fail(_ error: any Error) { lock.withLock { self.error = self.error ?? error } }

    func collect() throws -> [WrittenBlob] {
        try lock.withLock {
            if let error { throw error }
            return try blobs.map { blob in
                guard let blob else { throw ToolError(.io, "a layer was not written") }
                return blob
            }
        }
    }
}
