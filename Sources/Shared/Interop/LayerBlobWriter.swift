import Foundation

/// How a layer blob is compressed.
public enum BlobCompression: Sendable, Equatable {
    case none
    /// gzip at a zlib level (6 is ostree-ext's default, 1 its `--compression-fast`).
    case gzip(level: Int)
    /// zstd at a zstd level (1–19; 3 is the library's default), one frame with a content checksum.
    case zstd(level: Int)

    /// `compression` at the level this package writes by default: gzip 6 (1 when `fast`, ostree-ext's
    /// `--compression-fast`), zstd 3 (1 when `fast`).
    public init(_ compression: LayerCompression, fast: Bool) {
        switch compression {
        case .none: self = .none
        case .gzip: self = .gzip(level: fast ? 1 : 6)
        case .zstd: self = .zstd(level: fast ? 1 : 3)
        }
    }

    /// The compression a reader of the blob's media type expects.
    public var layerCompression: LayerCompression {
        switch self {
        case .none: .none
        case .gzip: .gzip
        case .zstd: .zstd
        }
    }
}

/// A layer blob written into an OCI blobs directory.
public struct WrittenBlob: Sendable, Equatable {
    /// Hex sha256 of the stored (compressed) bytes: the descriptor digest and file name.
    public let digestHex: String
    /// Hex sha256 of the uncompressed tar: the config's `rootfs.diff_ids` entry.
    public let diffIDHex: String
    /// Stored size in bytes.
    public let size: UInt64
    /// Uncompressed tar size in bytes.
    public let uncompressedSize: UInt64
}

/// Streams one layer in a single pass: tar → sha256 (diff ID) → gzip or zstd → sha256 (digest) → file, then names
/// the file `<directory>/<digest>`. Memory use is a few buffers whatever the layer size.
///
/// Write entries through `tar`, then call `commit()`; if the writer is dropped without committing, the
/// temporary file is removed.
public final class LayerBlobWriter {
    /// The tar stream of the layer.
    public private(set) var tar: TarWriter
    private let directory: String
    private let temporaryPath: String
    private let fd: Int32
    private let uncompressed: HashingSink
    private let compressor: (any CompressingSink)?
    private let stored: HashingSink
    private var committed = false

    /// Opens a temporary blob in `directory` (which must exist) whose tar has the header `format`.
    public init(directory: String, compression: BlobCompression, format: TarWriter.Format = .gnutar) throws {
        self.directory = directory
        temporaryPath = "\(directory)/.tmp-layer-\(UUID().uuidString)"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ToolError(.io, "cannot create a blob in \(directory): \(String(cString: strerror(errno)))")
        }
        stored = HashingSink(next: FileDescriptorSink(fd: fd))
        switch compression {
        case .none:
            compressor = nil
        case .gzip(let level):
            compressor = try GzipSink(level: Int32(level), next: stored)
        case .zstd(let level):
            compressor = try ZstdSink(level: Int32(level), next: stored)
        }
        uncompressed = compressor.map { HashingSink(next: $0) } ?? stored
        tar = try TarWriter(sink: uncompressed, format: format)
    }

    deinit {
        if !committed {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Finishes the tar and the compression, syncs, and renames the blob to its digest.
    public func commit() throws -> WrittenBlob {
        try tar.finish()
        try compressor?.finish()
        try stored.flush()
        guard fsync(fd) == 0 else { throw ToolError(.io, "cannot write blob: \(String(cString: strerror(errno)))") }
        close(fd)
        committed = true
        let blob = WrittenBlob(
            digestHex: stored.digestHex(), diffIDHex: uncompressed.digestHex(), size: stored.count,
            uncompressedSize: uncompressed.count)
        guard rename(temporaryPath, "\(directory)/\(blob.digestHex)") == 0 else {
            unlink(temporaryPath)
            throw ToolError(.io, "cannot store blob \(blob.digestHex): \(String(cString: strerror(errno)))")
        }
        return blob
    }
}
