/// The byte pipeline of one layer blob and its checks: fd → size limit → sha256 (stored bytes) → decompression →
/// sha256 (uncompressed tar) → libarchive.
///
/// Both hashes run in the pass that feeds libarchive, so memory is a few buffers whatever the layer size.
final class LayerCheck: CheckedArchiveSource {
    /// `layer sha256:…`, in every error.
    let name: String
    private let digest: Digest
    private let expectedDiffID: Digest?
    private let stored: HashingSource
    private let uncompressed: HashingSource
    /// The outcome of `verify()`, once it has run.
    private var outcome: Result<Digest, any Error>?

    convenience init(
        fd: Int32, compression: LayerCompression, digest: Digest, size: UInt64, expectedDiffID: Digest?
    ) throws {
        try self.init(
            source: FileDescriptorSource(fd: fd, name: "layer \(digest)", expectedSize: size), compression: compression,
            digest: digest, expectedDiffID: expectedDiffID)
    }

    /// A check over the stored bytes `source` yields; the source enforces the size.
    init(source: any ChunkSource, compression: LayerCompression, digest: Digest, expectedDiffID: Digest?) throws {
        name = "layer \(digest)"
        self.digest = digest
        self.expectedDiffID = expectedDiffID
        stored = HashingSource(source)
        switch compression {
        case .none:
            uncompressed = stored
        case .gzip:
            uncompressed = HashingSource(DecodingSource(stored, decoder: GzipDecoder(), name: name))
        case .zstd:
            uncompressed = HashingSource(DecodingSource(stored, decoder: try ZstdDecoder(), name: name))
        }
    }

    /// The sha256 of the uncompressed stream, once `verify()` has read all of it.
    var computedDiffID: Digest? { try? outcome?.get() }

    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try uncompressed.readChunk(into: buffer)
    }

    func archiveDidEnd() throws { _ = try verify() }

    /// Reads the rest of the blob (tar padding after the end-of-archive blocks, the rest of the compressed data),
    /// then compares the digest and, when one is expected, the diff ID. Runs once; later calls repeat the outcome.
    /// - Returns: the computed diff ID.
    func verify() throws -> Digest {
        if let outcome { return try outcome.get() }
        let result = Result { () throws -> Digest in
            do {
                try withScratch { try uncompressed.drain(through: $0) }
            } catch {
                throw diagnose(error)
            }
            if let mismatch = digestMismatch() { throw mismatch }
            let diffID = uncompressed.digest()
            if let expectedDiffID, diffID != expectedDiffID {
                throw ToolError(.corrupt, "\(name) diff_id mismatch: expected \(expectedDiffID), computed \(diffID)")
            }
            return diffID
        }
        outcome = result
        return try result.get()
    }

    /// The error to report for `error`, which stopped reading or importing this layer: when the stored bytes do not
    /// match the digest, that mismatch (the cause of whatever broke); otherwise `error` itself.
    ///
    /// Reads the rest of the stored blob to decide (at most the descriptor's size); skipped for I/O errors and for
    /// the verification's own errors.
    func diagnose(_ error: any Error) -> any Error {
        if outcome != nil { return error }
        if let error = error as? ToolError, error.kind == .io { return error }
        do {
            try withScratch { try stored.drain(through: $0) }
        } catch {
            return error
        }
        return digestMismatch() ?? error
    }

    /// The error when the stored bytes read so far do not hash to the digest.
    private func digestMismatch() -> ToolError? {
        let computed = stored.digest()
        return computed == digest ? nil : ToolError(.corrupt, "\(name) digest mismatch: computed \(computed)")
    }

    private func withScratch(_ body: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { scratch.deallocate() }
        try body(scratch)
    }
}
