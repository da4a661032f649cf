internal import CLibArchive
import Foundation

/// One tar entry's header, as libarchive decoded it (GNU, PAX and ustar forms alike).
public struct TarEntry: Sendable {
    public enum Kind: Sendable, Equatable {
        case regular, directory, symlink, hardlink
        /// Character or block device, FIFO, socket: never valid in an ostree object stream.
        case other(mode: UInt32)
    }

    /// The path exactly as stored (long-name and PAX forms resolved).
    public let path: String
    public let kind: Kind
    /// Permission bits including setuid, setgid and sticky (no `S_IFMT`).
    public let permissions: UInt32
    public let uid: UInt32
    public let gid: UInt32
    public let size: UInt64
    public let mtime: Int64
    /// The link target, for hardlinks and symlinks.
    public let linkTarget: String?
    /// Extended attributes carried in PAX `SCHILY.xattr.*` records.
    public let xattrs: [Xattr]
}

/// Reads a tar stream with libarchive.
///
/// Entries are visited in order with `next()`; an entry's data is consumed with `readAll(limit:)` or streamed
/// into the repository, and whatever is not read is skipped by the next `next()`.
public final class TarReader {
    private let archive: OpaquePointer
    private let source: String
    /// The callback input of a checked stream, kept alive as long as `archive`.
    private let input: ArchiveInput?

    /// Opens a stream that reads from `fileDescriptor` (not closed by the reader), whatever its compression (gzip,
    /// zstd, none: libarchive detects it from the bytes); `source` names it in errors.
    public init(fileDescriptor: Int32, source: String) throws {
        archive = try Self.newArchive(source)
        self.source = source
        input = nil
        archive_read_support_filter_all(archive)
        try check(archive_read_open_fd(archive, fileDescriptor, chunkSize))
    }

    /// Opens a plain tar stream (no libarchive decompression, so libarchive parses exactly the bytes `checked`
    /// yields) read through `archive_read_open` callbacks. When `next()` reaches the end of the archive it calls
    /// `checked.archiveDidEnd()` and throws what that throws.
    init(checked: any CheckedArchiveSource, source: String) throws {
        archive = try Self.newArchive(source)
        self.source = source
        let input = ArchiveInput(checked)
        self.input = input
        try check(input.open(archive))
    }

    /// A read handle for the tar formats (ustar, pax, GNU) and the empty stream.
    private static func newArchive(_ source: String) throws -> OpaquePointer {
        _ = utf8LocaleOnce
        guard let archive = archive_read_new() else {
            throw ToolError(.archive, "cannot allocate a tar reader for \(source)")
        }
        archive_read_support_format_tar(archive)
        archive_read_support_format_gnutar(archive)
        archive_read_support_format_empty(archive)
        return archive
    }

    deinit { archive_read_free(archive) }

    private func check(_ code: Int32) throws {
        guard code == ARCHIVE_OK else { throw failure(code) }
    }

    /// The error for a failed libarchive call: the input's own error when a callback failed, else libarchive's.
    private func failure(_ code: Int32) -> any Error {
        input?.takeError()
            ?? ToolError(.archive, "cannot read \(source)", underlying: ArchiveError(archive, code: code))
    }

    /// The next entry's header, or `nil` at the end of the archive.
    /// - Throws: `ToolError(.archive)` for a truncated or malformed stream; for a checked stream, the error of its
    ///   source (e.g. a digest mismatch found at the end).
    public func next() throws -> TarEntry? {
        var entryPointer: OpaquePointer?
        let code = archive_read_next_header(archive, &entryPointer)
        if code == ARCHIVE_EOF {
            try input?.source.archiveDidEnd()
            return nil
        }
        guard code == ARCHIVE_OK || code == ARCHIVE_WARN, let entry = entryPointer else { throw failure(code) }
        guard let pathPointer = archive_entry_pathname(entry) else {
            throw ToolError(.archive, "cannot read \(source): an entry has no path")
        }
        let path = String(cString: pathPointer)
        let hardlink = archive_entry_hardlink(entry).map { String(cString: $0) }
        let symlink = archive_entry_symlink(entry).map { String(cString: $0) }
        let type = UInt32(archive_entry_filetype(entry))
        let kind: TarEntry.Kind
        if hardlink != nil {
            kind = .hardlink
        } else {
            switch type {
            case FileMode.regular: kind = .regular
            case FileMode.directory: kind = .directory
            case FileMode.symlink: kind = .symlink
            default: kind = .other(mode: type)
            }
        }
        let size = archive_entry_size(entry)
        return TarEntry(
            path: path,
            kind: kind,
            permissions: UInt32(archive_entry_perm(entry)) & 0o7777,
            uid: UInt32(truncatingIfNeeded: archive_entry_uid(entry)),
            gid: UInt32(truncatingIfNeeded: archive_entry_gid(entry)),
            size: size > 0 ? UInt64(size) : 0,
            mtime: Int64(archive_entry_mtime(entry)),
            linkTarget: hardlink ?? symlink,
            xattrs: Self.xattrs(of: entry))
    }

    /// Reads the current entry's data, failing if it is longer than `limit` bytes.
    public func readAll(limit: Int, path: String) throws -> [UInt8] {
        try readAll(limit: limit, tooLarge: ToolError(.corrupt, "\(path) exceeds the limit of \(limit) bytes"))
    }

    private static func xattrs(of entry: OpaquePointer) -> [Xattr] {
        var result: [Xattr] = []
        guard archive_entry_xattr_reset(entry) > 0 else { return result }
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while archive_entry_xattr_next(entry, &name, &value, &size) == ARCHIVE_OK {
            guard let name else { continue }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            result.append(Xattr(name: Array(String(cString: name).utf8), value: bytes))
        }
        return result
    }
}

extension TarReader: ChunkSource {
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw failure(Int32(count)) }
        return count
    }
}

extension Transaction {
    /// Streams the current entry of `reader` into the repository as a regular file object.
    public func writeRegularFile(
        _ checksum: Checksum, uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [UInt8], size: UInt64,
        from reader: TarReader
    ) throws {
        try streamRegularFile(checksum, uid: uid, gid: gid, mode: mode, xattrs: xattrs, size: size, from: reader)
    }
}

extension Transaction {
    /// Streams the current entry of `reader` into the repository as a regular file object and returns the
    /// checksum libostree computed (no expected checksum: the entry is plain file data, not an ostree object).
    /// - Parameters:
    ///   - mode: the full mode; `S_IFREG` is added when missing.
    ///   - xattrs: stored in canonical order (see `Xattr.canonical`).
    ///   - path: names the entry in errors.
    public func writeRegularFile(
        uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [Xattr], size: UInt64, from reader: TarReader, path: String
    ) throws -> Checksum {
        try streamContent(
            expected: nil, name: "file data of \(path)", uid: uid, gid: gid,
            mode: (mode & ~FileMode.typeMask) | FileMode.regular, xattrs: GVariantRef.xattrs(Xattr.canonical(xattrs)),
            size: size, from: reader)
    }
}
