import Foundation

/// Imports independent layers on several threads, so that one layer downloads and decompresses while another is
/// written, and every core works.
///
/// Each lane has its own repository handle (so its own libostree transaction and staging directory) and its own
/// image source (`ImageSource.concurrentSource()`), and takes layers from one shared queue in its order. After
/// the first failure no lane takes another layer; that failure is rethrown once every lane has stopped. Memory
/// grows with the number of lanes (a few buffers each), never with the size of a layer.
final class LayerLanes: @unchecked Sendable {
    /// What one lane imports with.
    struct Lane {
        /// This lane's repository handle.
        let repo: Repo
        /// This lane's image source.
        let source: any ImageSource
        fileprivate let queue: LayerLanes

        /// The next layer to import, or `nil` when none is left or another lane failed.
        func next() -> Descriptor? { queue.take() }
    }

    /// Most lanes a pull runs: past this, the disk and the source, not the cores, set the pace.
    static let maxLanes = 4

    private let lock = NSLock()
    private var pending: [Descriptor]
    private var failure: (any Error)?

    private init(_ layers: [Descriptor]) {
        pending = layers.reversed()
    }

    /// Runs `body` on up to `maxLanes` lanes (one per core, and at least two, so that even on one core a layer
    /// downloads while another is written) until every layer of `layers` was taken. The first lane
    /// uses `repo` and `source`; the others open their own, and stay away when `source` offers no concurrent
    /// source.
    /// - Throws: the first error of any lane (opening its repository or source, or from `body`).
    static func run(
        _ layers: [Descriptor], repo: Repo, source: any ImageSource, _ body: (Lane) throws -> Void
    ) throws {
        guard !layers.isEmpty else { return }
        let queue = LayerLanes(layers)
        let count = min(maxLanes, max(ProcessInfo.processInfo.activeProcessorCount, 2), layers.count)
        try withoutActuallyEscaping(body) { body in
            let start = Start(repo: repo, source: source, body: body)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                do {
                    if index == 0 {
                        try start.body(Lane(repo: start.repo, source: start.source, queue: queue))
                        return
                    }
                    guard let other = try start.source.concurrentSource() else { return }
                    defer { try? other.close() }
                    try start.body(Lane(repo: try Repo(path: start.repo.path), source: other, queue: queue))
                } catch {
                    queue.fail(error)
                }
            }
            if let failure = queue.lock.withLock({ queue.failure }) { throw failure }
        }
    }

    /// What the lanes start from, handed to the worker threads. Each lane uses the repository handle and source
    /// it is given from one thread only; `body` must be safe to run on several lanes at once.
    private struct Start: @unchecked Sendable {
        let repo: Repo
        let source: any ImageSource
        let body: (Lane) throws -> Void
    }

    private func take() -> Descriptor? {
        lock.withLock { failure == nil ? pending.popLast() : nil }
    }

    private func fail(_ error: any Error) {
        lock.withLock { failure = failure ?? error }
    }
}
