internal import CZlib
import Foundation

/// Compresses everything written to it with zlib's deflate in gzip framing and passes the result on.
///
/// The gzip header is fixed (mtime 0, no name, OS 255, as ostree-ext's flate2 writes it), so identical input
/// and level give identical bytes. Call `finish()` to flush the trailer.
final class GzipSink: CompressingSink {
    private var stream = z_stream()
    private var header = gz_header()
    private let next: any ByteSink
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    private var finished = false

    /// - Parameter level: zlib level 1–9 (ostree-ext uses 6, and 1 for `--compression-fast`).
    init(level: Int32, next: any ByteSink) throws {
        self.next = next
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ToolError(.io, "cannot initialise gzip compression (zlib \(status))") }
        header.os = 255
        guard deflateSetHeader(&stream, &header) == Z_OK else {
            deflateEnd(&stream)
            throw ToolError(.io, "cannot set the gzip header")
        }
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        try pump(flush: Z_NO_FLUSH)
    }

    /// Passes the flush on without flushing zlib, whose output must not depend on when callers flush.
    func flush() throws { try next.flush() }

    /// Writes the remaining compressed data and the gzip trailer.
    func finish() throws {
        guard !finished else { return }
        finished = true
        stream.next_in = nil
        stream.avail_in = 0
        try pump(flush: Z_FINISH)
    }

    private func pump(flush: Int32) throws {
        repeat {
            stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let status = deflate(&stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw ToolError(.io, "gzip compression failed (zlib \(status))")
            }
            let produced = output.count - Int(stream.avail_out)
            if produced > 0 { try next.write(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
            if flush == Z_FINISH && status == Z_STREAM_END { return }
        } while stream.avail_out == 0 || (flush == Z_FINISH)
    }
}
