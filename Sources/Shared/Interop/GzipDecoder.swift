internal import CZlib

/// zlib inflate with gzip framing (`inflateInit2_`, window bits 15 + 16), reading multi-member streams as one:
/// after a member ends, further input starts the next member (`inflateReset`), as `gzip -d` does.
final class GzipDecoder: StreamDecoder {
    let format = "gzip"
    private var stream = z_stream()
    /// The last member ended and no byte of another one has been decoded yet.
    private var memberEnded = false

    init() throws {
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ToolError(.io, "cannot initialise gzip decompression (zlib \(status))") }
    }

    deinit { inflateEnd(&stream) }

    func decode(
        _ input: inout UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(DecoderError) -> (produced: Int, complete: Bool) {
        if memberEnded {
            guard !input.isEmpty else { return (0, true) }
            inflateReset(&stream)
            memberEnded = false
        }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        let status = inflate(&stream, Z_NO_FLUSH)
        input = UnsafeRawBufferPointer(rebasing: input[(input.count - Int(stream.avail_in))...])
        switch status {
        case Z_STREAM_END: memberEnded = true
        case Z_OK, Z_BUF_ERROR: break
        default: throw DecoderError(message: stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
        }
        return (output.count - Int(stream.avail_out), memberEnded)
    }
}
