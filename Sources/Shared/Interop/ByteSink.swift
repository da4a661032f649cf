import Foundation

/// Where a stream writer's bytes go; `Interop`-internal, since it sees raw buffers.
protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Writes to a file descriptor with `write(2)`, retrying short writes and EINTR.
final class FileDescriptorSink: ByteSink {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(fd, base + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolError(.io, "cannot write output: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }
}
