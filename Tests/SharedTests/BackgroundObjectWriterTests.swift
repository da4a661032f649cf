import Foundation
import Testing

@testable import Shared

/// The writer thread behind the importers: every write runs, in order, before `finish()` returns; the first
/// failure reaches the producer and drops the writes queued after it.
@Suite struct BackgroundObjectWriterTests {
    @Test func runsEveryWriteInOrderBeforeFinishReturns() throws {
        let writer = BackgroundObjectWriter()
        let done = Locked<[Int]>([])
        for index in 0..<1000 {
            try writer.submit(bytes: 64 * 1024) { done.update { $0.append(index) } }
        }
        try writer.finish()
        #expect(done.value == Array(0..<1000))
    }

    @Test func theFirstFailureReachesTheProducerAndLaterWritesAreDropped() throws {
        let writer = BackgroundObjectWriter()
        let ran = Locked(0)
        try writer.submit(bytes: 1) { throw ToolError(.corrupt, "cannot write object one") }
        for _ in 0..<10 {
            try? writer.submit(bytes: 1) { ran.update { $0 += 1 } }
        }
        #expect(throws: ToolError.self) { try writer.finish() }
        do {
            try writer.finish()
            Issue.record("finish() after a failure must throw again")
        } catch let error as ToolError {
            #expect(error.message == "cannot write object one")
        }
        #expect(ran.value == 0)
    }

    @Test func stopWaitsForTheWriteInProgress() throws {
        let writer = BackgroundObjectWriter()
        let finished = Locked(false)
        try writer.submit(bytes: 1) {
            Thread.sleep(forTimeInterval: 0.2)
            finished.update { $0 = true }
        }
        writer.stop()
        #expect(finished.value)
    }
}
