import Foundation

/// Where a stream writer's bytes go; `Interop`-internal, since it sees raw buffers.
protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Pushes buffered bytes to their destination (sinks that transform data keep their own state).
    func flush() throws
}

/// A sink that transforms its input (a compressor) and must be finished to write its last bytes.
protocol CompressingSink: ByteSink {
    /// Writes the remaining output (a gzip trailer, the end of a zstd frame); later writes are not allowed.
    func finish() throws
}

/// Writes to a file descriptor with `write(2)` through a buffer, retrying short writes and EINTR.
final class FileDescriptorSink: ByteSink {
    let fd: Int32
    /// Names the destination in errors.
    private let name: String
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0

    /// - Parameters:
    ///   - bufferSize: bytes gathered before a `write(2)`; 0 writes through.
    ///   - name: the file written, for errors.
    init(fd: Int32, bufferSize: Int = chunkSize, name: String = "output") {
        self.fd = fd
        self.name = name
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if used + bytes.count > buffer.count { try flush() }
        if bytes.count >= buffer.count {
            try writeAll(bytes)
        } else if let base = bytes.baseAddress, let target = buffer.baseAddress {
            (target + used).copyMemory(from: base, byteCount: bytes.count)
            used += bytes.count
        }
    }

    func flush() throws {
        guard used > 0 else { return }
        try writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<used]))
        used = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(fd, base + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolError(.io, "cannot write \(name): \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }
}
