internal import CLibArchive

/// A byte stream that libarchive reads through callbacks and that checks itself when the archive ends.
protocol CheckedArchiveSource: ChunkSource {
    /// Called once, when libarchive has read the end of the archive: reads whatever follows and checks the whole.
    func archiveDidEnd() throws
}

/// Feeds libarchive from a `CheckedArchiveSource` through `archive_read_open`'s read callback.
///
/// The callback cannot throw: a Swift error that stops it is kept here and returned by `takeError()`, and the
/// callback returns `ARCHIVE_FATAL`, so the reader can throw the error that names the real culprit.
final class ArchiveInput {
    let source: any CheckedArchiveSource
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    private var error: (any Error)?

    init(_ source: any CheckedArchiveSource) { self.source = source }

    deinit { buffer.deallocate() }

    /// Opens `archive` on this input; the caller keeps `self` alive as long as `archive`.
    func open(_ archive: OpaquePointer) -> Int32 {
        archive_read_open(archive, Unmanaged.passUnretained(self).toOpaque(), nil, archiveInputRead, nil)
    }

    /// The error that stopped the callback, once.
    func takeError() -> (any Error)? {
        defer { error = nil }
        return error
    }

    fileprivate func fill(_ target: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        do {
            let count = try source.readChunk(into: buffer)
            target.pointee = UnsafeRawPointer(buffer.baseAddress)
            return count
        } catch {
            self.error = error
            return Int(ARCHIVE_FATAL)
        }
    }
}

/// `archive_read_callback`: the client data is an unretained `ArchiveInput`.
private func archiveInputRead(
    _ archive: OpaquePointer?, _ client: UnsafeMutableRawPointer?, _ target: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> la_ssize_t {
    guard let client, let target else { return la_ssize_t(ARCHIVE_FATAL) }
    return la_ssize_t(Unmanaged<ArchiveInput>.fromOpaque(client).takeUnretainedValue().fill(target))
}
