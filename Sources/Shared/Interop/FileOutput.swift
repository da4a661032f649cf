import Foundation

/// Whole-buffer writes to a file descriptor.
public enum FileOutput {
    /// Writes all of `bytes` to `fd`, retrying short writes; `path` names the file in errors.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        let sink = FileDescriptorSink(fd: fd, bufferSize: 0, name: path)
        try bytes.withUnsafeBytes { try sink.write($0) }
    }
}
