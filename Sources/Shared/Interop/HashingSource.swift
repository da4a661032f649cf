import Crypto

/// Passes a byte stream on unchanged while computing its SHA-256 and counting it: the read-side `HashingSink`.
final class HashingSource: ChunkSource {
    private let upstream: any ChunkSource
    private var hasher = SHA256()
    private(set) var count: UInt64 = 0
    /// Whether `upstream` reported the end of its data.
    private(set) var reachedEnd = false

    init(_ upstream: any ChunkSource) { self.upstream = upstream }

    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let got = try upstream.readChunk(into: buffer)
        if got == 0 {
            reachedEnd = true
        } else {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            count += UInt64(got)
        }
        return got
    }

    /// The digest of the bytes read so far (the hasher keeps going).
    func digest() -> Digest { Digest(trusted: Hex.encode(hasher.finalize())) }

    /// Reads and hashes the rest of the stream through `scratch`, discarding it.
    func drain(through scratch: UnsafeMutableRawBufferPointer) throws {
        while try readChunk(into: scratch) > 0 {}
    }
}
