import Foundation

/// Writes small objects on a thread of its own while the importer decompresses and parses the next entries, so
/// libostree's checksumming and the file creation (most of an import's work) overlap with the rest.
///
/// At most `maxPendingBytes` of object data wait at a time. The first failure is rethrown by the next `submit`
/// or by `finish()`; after it, queued writes are dropped. Every write must be done before the transaction ends:
/// call `finish()`, or `stop()` on the way out of a failed import.
final class BackgroundObjectWriter: @unchecked Sendable {
    /// Object bytes queued at most; a producer past it waits for the writer.
    static let maxPendingBytes = 4 * 1024 * 1024

    private let condition = NSCondition()
    private var jobs: [(bytes: Int, work: () throws -> Void)] = []
    private var next = 0
    private var pendingBytes = 0
    private var failure: (any Error)?
    private var closed = false
    private var running = true

    init() {
        Thread { [self] in run() }.start()
    }

    deinit { stop() }

    /// Queues `work`, which writes an object of `bytes` bytes.
    /// - Throws: the failure of an earlier write.
    func submit(bytes: Int, _ work: @escaping () throws -> Void) throws {
        try condition.withLock {
            while pendingBytes > 0, pendingBytes + bytes > Self.maxPendingBytes, failure == nil { condition.wait() }
            if let failure { throw failure }
            jobs.append((bytes, work))
            pendingBytes += bytes
            condition.broadcast()
        }
    }

    /// Waits until every queued write is done and stops the thread.
    /// - Throws: the first failure of any write.
    func finish() throws {
        stop()
        if let failure = condition.withLock({ failure }) { throw failure }
    }

    /// Stops the thread after the queued writes (or at once after a failure) and waits for it. Idempotent.
    func stop() {
        condition.withLock {
            closed = true
            condition.broadcast()
            while running { condition.wait() }
        }
    }

    private func run() {
        condition.lock()
        while true {
            while next == jobs.count, !closed { condition.wait() }
            guard next < jobs.count else { break }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            }
            let skip = failure != nil
            condition.unlock()
            var error: (any Error)?
            if !skip {
                do { try job.work() } catch let failed { error = failed }
            }
            condition.lock()
            if let error, failure == nil { failure = error }
            pendingBytes -= job.bytes
            condition.broadcast()
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
