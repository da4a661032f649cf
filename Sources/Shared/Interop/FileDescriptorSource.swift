import Foundation

/// Reads a blob of a known size from a file descriptor (a blob file, or a pipe from skopeo) with `read(2)`.
///
/// The size is enforced while reading: the end of the data before `expectedSize` bytes is a truncation, and a
/// byte after them is an error at once, so a hostile source can never make a reader consume more than the
/// descriptor promised. The descriptor is not closed.
final class FileDescriptorSource: ChunkSource {
    private let fd: Int32
    /// Names the blob in errors, e.g. `layer sha256:…`.
    private let name: String
    private let expectedSize: UInt64
    private(set) var count: UInt64 = 0
    /// A size error, thrown again by every later read.
    private var sizeError: ToolError?

    init(fd: Int32, name: String, expectedSize: UInt64) {
        self.fd = fd
        self.name = name
        self.expectedSize = expectedSize
    }

    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let sizeError { throw sizeError }
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        // At the expected end, ask for one more byte: there must be none.
        let remaining = expectedSize - count
        let wanted = remaining == 0 ? 1 : Int(min(UInt64(buffer.count), remaining))
        var got: Int
        repeat {
            got = read(fd, base, wanted)
        } while got < 0 && errno == EINTR
        guard got >= 0 else { throw ToolError(.io, "cannot read \(name): \(String(cString: strerror(errno)))") }
        if got == 0, count < expectedSize {
            sizeError = ToolError(.corrupt, "\(name) is truncated: \(count) bytes, expected \(expectedSize)")
        } else if got > 0, remaining == 0 {
            sizeError = ToolError(.corrupt, "\(name) is more than \(expectedSize) bytes, expected \(expectedSize)")
        }
        if let sizeError { throw sizeError }
        count += UInt64(got)
        return got
    }
}
