internal import COSTree

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

    /// Streams a regular file of `size` bytes from `source` into the repo (`ostree_repo_write_regfile` and
    /// `ostree_content_writer_finish`, checksum-verified); memory use is one buffer whatever the size.
    func streamRegularFile(
        _ checksum: Checksum, uid: UInt32, gid: UInt32, mode: UInt32, xattrs: [UInt8], size: UInt64,
        from source: any ChunkSource
    ) throws {
        let xattrVariant = try ObjectParser.xattrs(xattrs, name: "xattrs of \(checksum).file")
        let name = "\(checksum).file"
        let writer: OpaquePointer
        do {
            writer = try gcallReturning {
                ostree_repo_write_regfile(repo.raw, checksum.hex, uid, gid, mode, guint64(size), xattrVariant.raw, $0)
            }
        } catch {
            throw ToolError(.ostree, "cannot write object \(name)", underlying: error)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(writer)) }
        let stream = UnsafeMutableRawPointer(writer).assumingMemoryBound(to: GOutputStream.self)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var remaining = size
        while remaining > 0 {
            let count = try source.readChunk(into: buffer)
            guard count > 0 else { throw ToolError(.corrupt, "\(name) is truncated: \(remaining) bytes missing") }
            guard UInt64(count) <= remaining else { throw ToolError(.corrupt, "\(name) is longer than its header says") }
            do {
                try gcall { g_output_stream_write_all(stream, buffer.baseAddress, gsize(count), nil, nil, $0) }
            } catch {
                throw ToolError(.ostree, "cannot write object \(name)", underlying: error)
            }
            remaining -= UInt64(count)
        }
        do {
            let written = try gcallReturning { ostree_content_writer_finish(writer, nil, $0) }
            g_free(written)
        } catch {
            throw ToolError(.corrupt, "cannot write object \(name)", underlying: error)
        }
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

/// The streaming buffer size used by every copy loop.
let chunkSize = 256 * 1024

/// Something that yields a byte stream in chunks (a tar entry, a GIO stream); `Interop`-internal.
protocol ChunkSource {
    /// Fills up to `buffer.count` bytes; returns 0 at the end of the data.
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension InputStream: ChunkSource {
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try read(into: buffer) }
}
