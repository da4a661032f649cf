internal import COSTree
import Foundation

extension Repo {
    /// Runs `body` inside a libostree transaction (`ostree_repo_prepare_transaction`).
    ///
    /// The transaction commits (`ostree_repo_commit_transaction`) when `body` returns and is aborted
    /// (`ostree_repo_abort_transaction`) when it throws, so objects staged by a failed import never become visible
    /// and refs set through `Transaction.setRef` move only on success.
    public func withTransaction<T>(_ body: (Transaction) throws -> T) throws -> T {
        do {
            try gcall { ostree_repo_prepare_transaction(raw, nil, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot start a transaction in \(path)", underlying: error)
        }
        let transaction = Transaction(repo: self)
        let result: T
        do {
            result = try body(transaction)
        } catch {
            try? gcall { ostree_repo_abort_transaction(raw, nil, $0) }
            throw error
        }
        do {
            try gcall { ostree_repo_commit_transaction(raw, nil, nil, $0) }
        } catch {
            try? gcall { ostree_repo_abort_transaction(raw, nil, $0) }
            throw ToolError(.ostree, "cannot commit the transaction in \(path)", underlying: error)
        }
        return result
    }

    /// Marks or unmarks a commit as partial (`ostree_repo_mark_commit_partial`).
    public func markCommitPartial(_ commit: Checksum, _ partial: Bool) throws {
        do {
            try gcall { ostree_repo_mark_commit_partial(raw, commit.hex, partial ? 1 : 0, $0) }
        } catch {
            throw ToolError(.ostree, "cannot mark commit \(commit) \(partial ? "partial" : "complete")", underlying: error)
        }
    }
}

/// The writes allowed inside `Repo.withTransaction`. Every object write passes the expected checksum, so libostree
/// recomputes it and rejects content that does not match its name.
public final class Transaction {
    let repo: Repo

    init(repo: Repo) { self.repo = repo }

    /// Writes a metadata object given as serialized bytes (`ostree_repo_write_metadata`, checksum-verified).
    /// - Throws: `ToolError(.corrupt)` naming the object when the bytes are not its normal form or do not hash to
    ///   `checksum`.
    public func writeMetadata(_ type: ObjectType, _ checksum: Checksum, bytes: [UInt8]) throws {
        let name = "\(checksum).\(type.rawValue)"
        let variant = try ObjectParser.variant(type, bytes, name: name)
        var out: UnsafeMutablePointer<guchar>?
        do {
            try gcall { ostree_repo_write_metadata(repo.raw, type.cValue, checksum.hex, variant.raw, &out, nil, $0) }
        } catch {
            throw ToolError(.corrupt, "cannot write object \(name)", underlying: error)
        }
        g_free(out)
    }

    /// Stores detached metadata for a commit (`ostree_repo_write_commit_detached_metadata`).
    public func writeDetachedMetadata(of commit: Checksum, bytes: [UInt8]) throws {
        let variant = try ObjectParser.variant(.commitmeta, bytes, name: "\(commit).commitmeta")
        do {
            try gcall { ostree_repo_write_commit_detached_metadata(repo.raw, commit.hex, variant.raw, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot write detached metadata of \(commit)", underlying: error)
        }
    }

    /// Writes a small regular file from memory (`ostree_repo_write_regfile_inline`, checksum-verified).
    public func writeRegularFile(
        _ checksum: Checksum, uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [UInt8], data: [UInt8]
    ) throws {
        let xattrVariant = try ObjectParser.xattrs(xattrs, name: "xattrs of \(checksum).file")
        do {
            let written = try data.withUnsafeBufferPointer { buffer throws(GLibError) in
                try gcallReturning {
                    ostree_repo_write_regfile_inline(
                        repo.raw, checksum.hex, uid, gid, mode, xattrVariant.raw, buffer.baseAddress,
                        gsize(buffer.count), nil, $0)
                }
            }
            g_free(written)
        } catch {
            throw ToolError(.corrupt, "cannot write object \(checksum).file", underlying: error)
        }
    }

    /// Streams a regular file of `size` bytes from `source` into the repo, checksum-verified (see `streamContent`).
    func streamRegularFile(
        _ checksum: Checksum, uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [UInt8], size: UInt64,
        from source: any ChunkSource
    ) throws {
        let xattrVariant = try ObjectParser.xattrs(xattrs, name: "xattrs of \(checksum).file")
        _ = try streamContent(
            expected: checksum, name: "\(checksum).file", uid: uid, gid: gid, mode: mode, xattrs: xattrVariant,
            size: size, from: source)
    }

    /// Streams a regular file of `size` bytes from `source` into the repo with memory use of one buffer whatever
    /// the size: `ostree_repo_write_regfile` where the repo mode allows it, otherwise (`archive` repos, which
    /// libostree 2022.7 refuses there) `ostree_repo_write_content` fed through a pipe.
    /// - Parameters:
    ///   - expected: the checksum libostree must compute, or `nil` to take whatever it computes.
    ///   - name: names the object in errors.
    /// - Returns: the content checksum.
    func streamContent(
        expected: Checksum?, name: String, uid: UInt32, gid: UInt32, mode: UInt32, xattrs: GVariantRef,
        size: UInt64, from source: any ChunkSource
    ) throws -> Checksum {
        let copier = BoundedCopy(source: source, size: size, name: name)
        if repo.mode == .archive {
            return try writeContentThroughPipe(
                expected, name: name, uid: uid, gid: gid, mode: mode, xattrs: xattrs, copier: copier)
        }
        let writer: OpaquePointer
        do {
            writer = try gcallReturning {
                ostree_repo_write_regfile(repo.raw, expected?.hex, uid, gid, mode, guint64(size), xattrs.raw, $0)
            }
        } catch {
            throw ToolError(.ostree, "cannot write object \(name)", underlying: error)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(writer)) }
        let stream = UnsafeMutableRawPointer(writer).assumingMemoryBound(to: GOutputStream.self)
        try copier.copy { chunk in
            do {
                try gcall { g_output_stream_write_all(stream, chunk.baseAddress, gsize(chunk.count), nil, nil, $0) }
            } catch {
                throw ToolError(.ostree, "cannot write object \(name)", underlying: error)
            }
        }
        let written: UnsafeMutablePointer<CChar>
        do {
            written = try gcallReturning { ostree_content_writer_finish(writer, nil, $0) }
        } catch {
            throw ToolError(expected == nil ? .ostree : .corrupt, "cannot write object \(name)", underlying: error)
        }
        guard let checksum = Checksum(hex: takeGString(written)) else {
            throw ToolError(.ostree, "cannot write object \(name): libostree returned no checksum")
        }
        return checksum
    }

    /// Feeds the file data into a pipe from a helper thread while libostree reads the other end as a content
    /// stream (`ostree_raw_file_to_content_stream` + `ostree_repo_write_content`).
    private func writeContentThroughPipe(
        _ expected: Checksum?, name: String, uid: UInt32, gid: UInt32, mode: UInt32, xattrs: GVariantRef,
        copier: BoundedCopy
    ) throws -> Checksum {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw ToolError(.io, "cannot create a pipe for \(name)") }
        let input = g_unix_input_stream_new(fds[0], 1)
        defer { g_object_unref(UnsafeMutableRawPointer(input)) }
        let info = g_file_info_new()
        defer { g_object_unref(UnsafeMutableRawPointer(info)) }
        g_file_info_set_file_type(info, G_FILE_TYPE_REGULAR)
        g_file_info_set_size(info, goffset(copier.size))
        g_file_info_set_attribute_uint32(info, "unix::uid", uid)
        g_file_info_set_attribute_uint32(info, "unix::gid", gid)
        g_file_info_set_attribute_uint32(info, "unix::mode", mode)
        var contentStream: UnsafeMutablePointer<GInputStream>?
        var length: guint64 = 0
        do {
            try gcall {
                ostree_raw_file_to_content_stream(
                    UnsafeMutableRawPointer(input)?.assumingMemoryBound(to: GInputStream.self), info, xattrs.raw,
                    &contentStream, &length, nil, $0)
            }
        } catch {
            close(fds[1])
            throw ToolError(.ostree, "cannot write object \(name)", underlying: error)
        }
        defer { g_object_unref(contentStream) }
        let feeder = PipeFeeder(copier: copier, fd: fds[1])
        feeder.start()
        var writeError: GLibError?
        var checksum: Checksum?
        do {
            var out: UnsafeMutablePointer<guchar>?
            try gcall { ostree_repo_write_content(repo.raw, expected?.hex, contentStream, length, &out, nil, $0) }
            checksum = takeChecksum(out)
        } catch {
            writeError = error
        }
        // Unblock the feeder if libostree stopped reading early, then wait for it.
        g_input_stream_close(UnsafeMutableRawPointer(input)?.assumingMemoryBound(to: GInputStream.self), nil, nil)
        try feeder.join()
        if let writeError {
            throw ToolError(expected == nil ? .ostree : .corrupt, "cannot write object \(name)", underlying: writeError)
        }
        guard let checksum else {
            throw ToolError(.ostree, "cannot write object \(name): libostree returned no checksum")
        }
        return checksum
    }

    /// Writes a symlink content object (`ostree_repo_write_symlink`, checksum-verified).
    public func writeSymlink(_ checksum: Checksum, uid: UInt32, gid: UInt32, xattrs: [UInt8], target: String) throws {
        let xattrVariant = try ObjectParser.xattrs(xattrs, name: "xattrs of \(checksum).file")
        do {
            let written = try gcallReturning {
                ostree_repo_write_symlink(repo.raw, checksum.hex, uid, gid, xattrVariant.raw, target, nil, $0)
            }
            g_free(written)
        } catch {
            throw ToolError(.corrupt, "cannot write object \(checksum).file", underlying: error)
        }
    }

    /// Points `ref` at `commit` when the transaction commits (`ostree_repo_transaction_set_ref`); `nil` deletes it.
    public func setRef(_ ref: String, to commit: Checksum?) {
        ostree_repo_transaction_set_ref(repo.raw, nil, ref, commit?.hex)
    }
}

/// Adopts a transfer-full 32-byte binary checksum (what `ostree_repo_write_content` and
/// `ostree_repo_write_metadata` return), freeing it with `g_free`.
func takeChecksum(_ bytes: UnsafeMutablePointer<guchar>?) -> Checksum? {
    guard let bytes else { return nil }
    defer { g_free(bytes) }
    return Checksum(bytes: UnsafeBufferPointer(start: bytes, count: 32))
}

/// The streaming buffer size used by every copy loop.
let chunkSize = 256 * 1024

/// Copies exactly `size` bytes from a source in chunks through one buffer, failing on short or long data.
final class BoundedCopy {
    let source: any ChunkSource
    let size: UInt64
    let name: String

    init(source: any ChunkSource, size: UInt64, name: String) {
        self.source = source
        self.size = size
        self.name = name
    }

    func copy(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var remaining = size
        while remaining > 0 {
            let count = try source.readChunk(into: buffer)
            guard count > 0 else { throw ToolError(.corrupt, "\(name) is truncated: \(remaining) bytes missing") }
            guard UInt64(count) <= remaining else { throw ToolError(.corrupt, "\(name) is longer than its header says") }
            try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            remaining -= UInt64(count)
        }
    }
}

/// Runs a `BoundedCopy` into a pipe's write end on its own thread, closing the fd when done.
///
/// `@unchecked Sendable`: the copier's source is used only by this thread between `start()` and `join()`,
/// while the starting thread is blocked in libostree reading the pipe, so the source is never used concurrently.
final class PipeFeeder: @unchecked Sendable {
    private let copier: BoundedCopy
    private let fd: Int32
    private var error: (any Error)?
    private let done = DispatchSemaphore(value: 0)

    init(copier: BoundedCopy, fd: Int32) {
        self.copier = copier
        self.fd = fd
    }

    func start() {
        let thread = Thread { [self] in
            do {
                let sink = FileDescriptorSink(fd: fd, bufferSize: 0)
                try copier.copy { chunk in try sink.write(chunk) }
            } catch {
                self.error = error
            }
            close(fd)
            done.signal()
        }
        thread.start()
    }

    func join() throws {
        done.wait()
        if let error { throw error }
    }
}

/// Something that yields a byte stream in chunks (a tar entry, a GIO stream); `Interop`-internal.
protocol ChunkSource {
    /// Fills up to `buffer.count` bytes; returns 0 at the end of the data.
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ChunkSource {
    /// Reads to the end into memory (small objects only), throwing `tooLarge` once more than `limit` bytes came.
    func readAll(limit: Int, tooLarge: @autoclosure () -> ToolError) throws -> [UInt8] {
        var result: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try readChunk(into: buffer)
            if count == 0 { return result }
            guard result.count + count <= limit else { throw tooLarge() }
            result.append(contentsOf: buffer[0..<count])
        }
    }
}

extension InputStream: ChunkSource {
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try read(into: buffer) }
}
