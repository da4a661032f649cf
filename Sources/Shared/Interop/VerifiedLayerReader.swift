/// Reads a layer blob as a tar stream while checking it against its descriptor and the config's diff ID.
///
/// One pass, constant memory: the bytes from the file descriptor (a blob file, or a pipe from skopeo) are counted
/// against the descriptor's size and hashed (the digest), decompressed by the media type's compression (zlib
/// inflate for gzip, multi-member streams included; libzstd for zstd; nothing for a plain tar), hashed again (the
/// diff ID), and parsed by libarchive as a plain tar, so the bytes hashed are exactly the bytes parsed.
///
/// **When the checks run**: `tar.next()` returning `nil` (the end of the archive) reads the rest of the blob (tar
/// padding after the end-of-archive blocks, trailing compressed data) and checks the digest and the diff ID, and
/// throws instead of returning `nil` when one does not match. So a consumer that reads entries until `nil`, like
/// `CommitImporter`, never sees the end of a corrupt layer, and nothing it does after the last entry (such as
/// committing a transaction) runs for one. `verify()` runs the same checks explicitly, at any point.
///
/// Errors name the layer: `layer sha256:… digest mismatch: computed sha256:…`, `layer sha256:… diff_id mismatch:
/// expected sha256:…, computed sha256:…`, `layer sha256:… is truncated: N bytes, expected M`, `layer sha256:… is
/// more than M bytes, expected M`, `layer sha256:… is not valid gzip data: …`.
public final class VerifiedLayerReader {
    /// The layer's entries; reading it to the end verifies the layer.
    public let tar: TarReader
    private let check: LayerCheck

    /// Opens the layer that `descriptor` describes, read from `fileDescriptor` (not closed by the reader).
    /// - Parameters:
    ///   - descriptor: the manifest's layer descriptor: its media type gives the compression, its digest and size
    ///     are checked.
    ///   - expectedDiffID: the config's `rootfs.diff_ids` entry for this layer; `nil` to only compute it
    ///     (`computedDiffID`).
    /// - Throws: `ToolError(.unsupported)` for a media type that is not a layer tar (plain, gzip or zstd);
    ///   `ToolError(.corrupt)` naming the digest when the start of the blob is already unreadable.
    public convenience init(fileDescriptor: Int32, descriptor: Descriptor, expectedDiffID: Digest?) throws {
        try self.init(
            fileDescriptor: fileDescriptor, compression: try LayerCompression(mediaType: descriptor.mediaType),
            digest: descriptor.digest, size: descriptor.size, expectedDiffID: expectedDiffID)
    }

    /// Opens a layer blob of `size` bytes with digest `digest`, compressed with `compression`, read from
    /// `fileDescriptor` (not closed by the reader).
    /// - Throws: `ToolError(.corrupt)` naming the digest when the start of the blob is already unreadable.
    public convenience init(
        fileDescriptor: Int32, compression: LayerCompression, digest: Digest, size: UInt64, expectedDiffID: Digest?
    ) throws {
        try self.init(check: LayerCheck(
            fd: fileDescriptor, compression: compression, digest: digest, size: size, expectedDiffID: expectedDiffID))
    }

    /// Reads the layer `descriptor` describes from an image source's blob stream (which also enforces the size
    /// and reports the producer's errors, such as skopeo's `FinishPipe` verdict, at its end).
    /// - Throws: `ToolError(.unsupported)` for a media type that is not a layer tar.
    public convenience init(blob: BlobStream, descriptor: Descriptor, expectedDiffID: Digest?) throws {
        blob.leaveDigestToCaller()
        try self.init(check: LayerCheck(
            source: blob, compression: try LayerCompression(mediaType: descriptor.mediaType),
            digest: descriptor.digest, expectedDiffID: expectedDiffID))
    }

    private init(check: LayerCheck) throws {
        self.check = check
        do {
            tar = try TarReader(checked: check, source: check.name)
        } catch {
            throw check.diagnose(error)
        }
    }

    /// The sha256 of the uncompressed tar (what the config's `rootfs.diff_ids` lists), once the layer has been
    /// verified; `nil` before, or when verification failed.
    public var computedDiffID: Digest? { check.computedDiffID }

    /// Reads whatever is left of the blob (without parsing it as tar) and checks its size, digest and diff ID.
    ///
    /// Runs the checks once; later calls, and the end of `tar`, repeat the outcome. Call it after stopping early,
    /// or rely on `tar.next()` returning `nil`.
    /// - Throws: `ToolError(.corrupt)` naming the digest for a mismatch, a truncated or overlong blob, or corrupt
    ///   compressed data; `ToolError(.io)` when the file descriptor cannot be read.
    public func verify() throws {
        _ = try check.verify()
    }

    /// The error to report for `error`, thrown while this layer was being read or imported: a digest mismatch when
    /// the stored bytes are not the blob the descriptor names (the cause of whatever broke), else `error` itself.
    ///
    /// To decide, it reads the rest of the blob (at most the descriptor's size). I/O errors are returned as they
    /// are, since they say nothing about the content.
    public func diagnose(_ error: any Error) -> any Error {
        check.diagnose(error)
    }

    /// Runs `body` on `tar`, then `verify()`; an error from either goes through `diagnose(_:)`.
    /// - Returns: what `body` returns, only once the layer verified.
    public func read<T>(_ body: (TarReader) throws -> T) throws -> T {
        do {
            let value = try body(tar)
            try verify()
            return value
        } catch {
            throw diagnose(error)
        }
    }
}
