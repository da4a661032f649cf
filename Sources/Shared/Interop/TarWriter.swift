internal import CLibArchive
import Foundation

/// Writes a tar stream with libarchive: GNU tar by default (`archive_write_set_format_gnutar`), mtime 0 unless
/// given, no user or group names, ending with two zero blocks and no record padding, so identical input gives
/// identical bytes.
///
/// Call `finish()` to complete the stream; deinit only frees the handle.
public final class TarWriter {
    /// The header format of the stream.
    public enum Format: Sendable {
        /// GNU tar (`archive_write_set_format_gnutar`): what ostree-ext's tar-rs writes. Xattrs are not written.
        case gnutar
        /// POSIX pax (`archive_write_set_format_pax`): xattrs become `SCHILY.xattr.*` (and `LIBARCHIVE.xattr.*`)
        /// records.
        case pax
    }

    private let archive: OpaquePointer
    private let sink: any ByteSink
    private var finished = false

    /// Starts a stream written to `fileDescriptor` (not closed by the writer).
    public convenience init(fileDescriptor: Int32, format: Format = .gnutar) throws {
        try self.init(sink: FileDescriptorSink(fd: fileDescriptor), format: format)
    }

    init(sink: any ByteSink, format: Format = .gnutar) throws {
        _ = utf8LocaleOnce
        guard let archive = archive_write_new() else { throw ToolError(.archive, "cannot allocate a tar writer") }
        self.archive = archive
        self.sink = sink
        switch format {
        case .gnutar: try check(archive_write_set_format_gnutar(archive), "cannot set the tar format")
        case .pax: try check(archive_write_set_format_pax(archive), "cannot set the tar format")
        }
        try check(archive_write_add_filter_none(archive), "cannot set the tar filter")
        try check(archive_write_set_bytes_per_block(archive, 0), "cannot set the tar block size")
        try check(archive_write_set_bytes_in_last_block(archive, 1), "cannot set the tar record size")
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(archive_write_open2(archive, context, nil, tarWriterCallback, nil, nil), "cannot open the tar stream")
    }

    deinit { archive_write_free(archive) }

    /// Writes a directory entry; `xattrs` are written only by the `.pax` format.
    public func writeDirectory(_ path: String, uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [Xattr] = []) throws {
        try writeHeader(path, type: FileMode.directory, uid: uid, gid: gid, mode: mode, size: 0, xattrs: xattrs)
    }

    /// Writes a regular file whose data is in memory.
    /// - Parameters:
    ///   - mtime: seconds since the epoch.
    ///   - xattrs: written only by the `.pax` format.
    public func writeFile(
        _ path: String, uid: UInt32 = 0, gid: UInt32 = 0, mode: UInt32 = 0o644, mtime: Int64 = 0,
        xattrs: [Xattr] = [], data: [UInt8]
    ) throws {
        try writeHeader(
            path, type: FileMode.regular, uid: uid, gid: gid, mode: mode, size: UInt64(data.count), mtime: mtime,
            xattrs: xattrs)
        try data.withUnsafeBytes { try writeData($0, path: path) }
        try finishEntry(path)
    }

    /// Writes a regular file entry streamed from a repository content object (one buffer, whatever its size);
    /// `xattrs` are written only by the `.pax` format.
    public func writeFile(_ path: String, content: ContentObject, xattrs: [Xattr] = []) throws {
        try writeHeader(path, type: FileMode.regular, uid: content.uid, gid: content.gid, mode: content.mode,
                        size: content.size, xattrs: xattrs)
        if content.size > 0 {
            guard let stream = content.stream else {
                throw ToolError(.corrupt, "file object \(content.checksum) has no data stream")
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
            defer { buffer.deallocate() }
            var remaining = content.size
            while remaining > 0 {
                let count: Int
                do {
                    count = try stream.read(into: buffer)
                } catch {
                    throw ToolError(.ostree, "cannot read file object \(content.checksum)", underlying: error)
                }
                guard count > 0, UInt64(count) <= remaining else {
                    throw ToolError(.corrupt, "file object \(content.checksum) does not hold \(content.size) bytes")
                }
                try writeData(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), path: path)
                remaining -= UInt64(count)
            }
        }
        try finishEntry(path)
    }

    /// Writes a regular file entry streamed from the file at `source` (0644, owner 0), e.g. an OCI blob.
    public func writeFile(_ path: String, contentsOf source: String) throws {
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ToolError(.io, "cannot open \(source): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ToolError(.io, "cannot stat \(source)") }
        try writeHeader(path, type: FileMode.regular, uid: 0, gid: 0, mode: 0o644, size: UInt64(info.st_size))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var remaining = Int(info.st_size)
        while remaining > 0 {
            let count = read(fd, buffer.baseAddress, min(buffer.count, remaining))
            guard count > 0 else { throw ToolError(.io, "cannot read \(source): it ended early") }
            try writeData(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), path: path)
            remaining -= count
        }
        try finishEntry(path)
    }

    /// Writes a hardlink entry (size 0) pointing at an earlier entry's path; `mtime` in seconds since the epoch.
    public func writeHardlink(
        _ path: String, target: String, uid: UInt32, gid: UInt32, mode: UInt32, mtime: Int64 = 0
    ) throws {
        try writeHeader(
            path, type: FileMode.regular, uid: uid, gid: gid, mode: mode, size: 0, mtime: mtime, hardlink: target)
        try finishEntry(path)
    }

    /// Writes an entry of another file type without data (`fileType` is the `S_IFMT` value of a FIFO or device
    /// node; the device number is 0).
    public func writeNode(_ path: String, fileType: UInt32, uid: UInt32, gid: UInt32, mode: UInt32) throws {
        try writeHeader(path, type: fileType, uid: uid, gid: gid, mode: mode, size: 0)
        try finishEntry(path)
    }

    /// Writes a symlink entry; the target is written literally, never normalized. `xattrs` are written only by
    /// the `.pax` format.
    public func writeSymlink(
        _ path: String, target: String, uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [Xattr] = []
    ) throws {
        try writeHeader(
            path, type: FileMode.symlink, uid: uid, gid: gid, mode: mode, size: 0, xattrs: xattrs, symlink: target)
        try finishEntry(path)
    }

    /// Writes the end-of-archive blocks and closes the stream (`archive_write_close`).
    public func finish() throws {
        guard !finished else { return }
        finished = true
        try check(archive_write_close(archive), "cannot finish the tar stream")
        try sink.flush()
    }

    private func writeHeader(
        _ path: String, type: UInt32, uid: UInt32, gid: UInt32, mode: UInt32, size: UInt64, mtime: Int64 = 0,
        xattrs: [Xattr] = [], hardlink: String? = nil, symlink: String? = nil
    ) throws {
        guard let entry = archive_entry_new() else { throw ToolError(.archive, "cannot allocate a tar entry") }
        defer { archive_entry_free(entry) }
        archive_entry_copy_pathname(entry, path)
        archive_entry_set_filetype(entry, type)
        archive_entry_set_perm(entry, mode & 0o7777)
        archive_entry_set_uid(entry, la_int64_t(uid))
        archive_entry_set_gid(entry, la_int64_t(gid))
        archive_entry_set_mtime(entry, time_t(mtime), 0)
        for xattr in xattrs {
            xattr.value.withUnsafeBytes { value in
                archive_entry_xattr_add_entry(entry, xattr.nameString, value.baseAddress, value.count)
            }
        }
        archive_entry_set_size(entry, la_int64_t(size))
        if let hardlink { archive_entry_copy_hardlink(entry, hardlink) }
        if let symlink { archive_entry_copy_symlink(entry, symlink) }
        try check(archive_write_header(archive, entry), "cannot write tar header for \(path)")
    }

    private func writeData(_ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard !bytes.isEmpty else { return }
        let written = archive_write_data(archive, bytes.baseAddress, bytes.count)
        guard written == bytes.count else {
            throw ToolError(.archive, "cannot write tar data for \(path)",
                            underlying: ArchiveError(archive, code: Int32(truncatingIfNeeded: written)))
        }
    }

    private func finishEntry(_ path: String) throws {
        try check(archive_write_finish_entry(archive), "cannot finish tar entry \(path)")
    }

    private func check(_ code: Int32, _ message: @autoclosure () -> String) throws {
        if code == ARCHIVE_OK || code == ARCHIVE_WARN { return }
        if let sinkError { throw sinkError }
        throw ToolError(.archive, message(), underlying: ArchiveError(archive, code: code))
    }

    /// The first error the sink threw; libarchive only sees -1.
    fileprivate var sinkError: (any Error)?

    fileprivate func deliver(_ bytes: UnsafeRawBufferPointer) -> Int {
        do {
            try sink.write(bytes)
            return bytes.count
        } catch {
            if sinkError == nil { sinkError = error }
            return -1
        }
    }
}

private func tarWriterCallback(
    _ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int
) -> la_ssize_t {
    guard let context else { return -1 }
    let writer = Unmanaged<TarWriter>.fromOpaque(context).takeUnretainedValue()
    return writer.deliver(UnsafeRawBufferPointer(start: buffer, count: length))
}
