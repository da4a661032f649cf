import Crypto
import Foundation

/// What produces a blob stream's bytes, asked for its verdict once the stream has ended (the skopeo proxy's
/// `FinishPipe`); `Interop`-internal.
protocol BlobCompletion: AnyObject {
    /// Called once, after the last byte was read: throws the producer's error (digest mismatch, network failure).
    func complete() throws
    /// Called once, when the stream is closed before its end (its descriptor is already closed).
    func abandon()
}

/// A blob being read from a file descriptor: a pipe from skopeo, or a file of an OCI layout.
///
/// Reading counts and hashes the bytes. At the end of the data the producer is asked for its verdict (for the
/// proxy: the `FinishPipe` reply), then the size and SHA-256 are checked against the descriptor; any failure is
/// a `ToolError` naming the digest and the image. Read with `readChunk(maxCount:)` or `readAll(limit:)` (or,
/// inside `Interop`, as a `ChunkSource`), then call `finish()`; dropping or `close()`-ing a stream before its end
/// abandons it. Not thread-safe.
public final class BlobStream {
    private enum State {
        case reading
        case ended
        case failed(ToolError)
        case closed
    }

    /// The digest the bytes must have.
    public let digest: Digest
    /// The size the bytes must have, when known.
    public let expectedSize: UInt64?
    /// The image the blob belongs to (for error messages).
    public let source: String
    /// Bytes read so far.
    public private(set) var bytesRead: UInt64 = 0
    /// Called with the size of every chunk read (for progress).
    public var onRead: ((Int) -> Void)?

    private let file: OwnedFileDescriptor
    private let completion: (any BlobCompletion)?
    private var hasher: SHA256?
    private var state = State.reading

    /// The descriptor being read, for a reader chained in `Interop` that needs it (e.g. to `poll`). Reading it
    /// directly bypasses counting, hashing and completion: read through `read(into:)` instead.
    var fd: Int32 { file.rawValue }

    /// A stream over `file` (owned from now on).
    /// - Parameters:
    ///   - verifyDigest: hash the bytes and compare with `digest` at the end (off only when the producer already
    ///     verifies and the caller hashes anyway).
    ///   - completion: asked for the producer's verdict at the end, or told of an early close.
    init(
        file: OwnedFileDescriptor, digest: Digest, expectedSize: UInt64?, source: String, verifyDigest: Bool = true,
        completion: (any BlobCompletion)? = nil
    ) {
        self.file = file
        self.digest = digest
        self.expectedSize = expectedSize
        self.source = source
        self.completion = completion
        hasher = verifyDigest ? SHA256() : nil
    }

    deinit { close() }

    /// Leaves the digest check to a reader that hashes the same bytes itself (`VerifiedLayerReader`), so a layer
    /// is hashed once; the size and the producer's verdict are still checked here.
    func leaveDigestToCaller() { hasher = nil }

    /// Whether the stream was read to its end and passed every check.
    public var isComplete: Bool {
        if case .ended = state { return true }
        return false
    }

    /// The next bytes of the blob, at most `maxCount`; empty at the end (after the end checks passed).
    /// - Throws: `ToolError` naming the digest: `.io` for a read error, `.corrupt` for a wrong size or digest, and
    ///   whatever the producer reported (`.subprocess` for skopeo's errors).
    public func readChunk(maxCount: Int = 64 * 1024) throws -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(maxCount, 1), alignment: 16)
        defer { buffer.deallocate() }
        let count = try read(into: buffer)
        return Array(buffer[0..<count])
    }

    /// The whole blob, read to its end and checked.
    /// - Throws: `ToolError(.corrupt)` when it is longer than `limit` bytes, or as `readChunk(maxCount:)`.
    public func readAll(limit: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        if let expectedSize, expectedSize <= UInt64(limit) { result.reserveCapacity(Int(expectedSize)) }
        while true {
            let chunk = try readChunk()
            if chunk.isEmpty { return result }
            guard result.count + chunk.count <= limit else {
                let error = ToolError(.corrupt, "blob \(digest) of \(source) is larger than \(limit) bytes")
                abandon(error)
                throw error
            }
            result += chunk
        }
    }

    /// Reads whatever is left (discarding it), then runs the end checks; call it after reading what you need.
    /// - Throws: as `readChunk(maxCount:)`; the same error again if the stream had already failed.
    public func finish() throws {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { scratch.deallocate() }
        while try read(into: scratch) > 0 {}
    }

    /// Abandons the stream if it has not ended: closes the descriptor and tells the producer. Idempotent.
    public func close() {
        guard case .reading = state else { return }
        state = .closed
        file.close()
        completion?.abandon()
    }

    /// Fills up to `buffer.count` bytes; returns 0 at the end, once the end checks passed.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch state {
        case .reading: break
        case .ended: return 0
        case .failed(let error): throw error
        case .closed: throw ToolError(.invalidArgument, "blob \(digest) of \(source) was already closed")
        }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = retryingEINTR { Foundation.read(fd, base, buffer.count) }
        if count < 0 {
            let error = ToolError(.io, "cannot read blob \(digest) of \(source): \(errnoDescription())")
            abandon(error)
            throw error
        }
        if count == 0 {
            try end()
            return 0
        }
        bytesRead += UInt64(count)
        if let expectedSize, bytesRead > expectedSize {
            let error = ToolError(.corrupt, "blob \(digest) of \(source) is longer than its size \(expectedSize)")
            abandon(error)
            throw error
        }
        hasher?.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        onRead?(count)
        return count
    }

    /// End of data: the producer's verdict first (it knows why data stopped), then size, then digest.
    private func end() throws {
        file.close()
        state = .ended
        do {
            try completion?.complete()
            if let expectedSize, bytesRead != expectedSize {
                throw ToolError(
                    .corrupt, "blob \(digest) of \(source) is truncated: \(bytesRead) of \(expectedSize) bytes")
            }
            if let hasher {
                let actual = Digest(trusted: Hex.encode(hasher.finalize()))
                guard actual == digest else {
                    throw ToolError(.corrupt, "blob \(digest) of \(source) does not match its digest: got \(actual)")
                }
            }
        } catch {
            let failure = error as? ToolError ?? ToolError(.io, "cannot read blob \(digest) of \(source): \(error)")
            state = .failed(failure)
            throw failure
        }
    }

    /// Fails the stream with `error` before its end.
    private func abandon(_ error: ToolError) {
        close()
        state = .failed(error)
    }
}

extension BlobStream: ChunkSource {
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try read(into: buffer) }
}
