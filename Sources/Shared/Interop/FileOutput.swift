import Foundation

/// Whole-buffer writes to a file descriptor.
public enum FileOutput {
    /// Writes all of `bytes` to `fd`, retrying short writes; `path` names the file in errors.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolError(.io, "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }
}
