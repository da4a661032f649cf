/// One streaming decompressor (zlib inflate, zstd); `Interop`-internal, since it sees raw buffers.
protocol StreamDecoder: AnyObject {
    /// The format's name in messages: `gzip`, `zstd`.
    var format: String { get }

    /// Decodes from `input`, advancing it past the bytes consumed, into `output`.
    /// - Returns: the bytes written to `output`, and whether the data so far ends with a complete gzip member or
    ///   zstd frame with all its output delivered (so the end of the input here is a clean end).
    /// - Throws: `DecoderError` with the library's message for corrupt data.
    func decode(
        _ input: inout UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(DecoderError) -> (produced: Int, complete: Bool)
}

/// A decompression library's complaint about its input (zlib's `msg`, `ZSTD_getErrorName`).
struct DecoderError: Error, CustomStringConvertible, Sendable {
    let message: String
    var description: String { message }
}

/// Reads compressed bytes from `upstream` and yields them decompressed by a `StreamDecoder`.
///
/// The compressed stream must end right after a complete member or frame: an end anywhere else is a truncation.
final class DecodingSource: ChunkSource {
    private let upstream: any ChunkSource
    private let decoder: any StreamDecoder
    /// Names the stream in errors, e.g. `layer sha256:…`.
    private let name: String
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    /// The part of `buffer` not yet given to the decoder.
    private var pending: UnsafeRawBufferPointer
    private var upstreamEnded = false
    private var complete = false

    init(_ upstream: any ChunkSource, decoder: any StreamDecoder, name: String) {
        self.upstream = upstream
        self.decoder = decoder
        self.name = name
        pending = UnsafeRawBufferPointer(rebasing: buffer[0..<0])
    }

    deinit { buffer.deallocate() }

    func readChunk(into output: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if pending.isEmpty && !upstreamEnded {
                let got = try upstream.readChunk(into: buffer)
                upstreamEnded = got == 0
                pending = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
            }
            if pending.isEmpty && upstreamEnded && complete { return 0 }
            let produced: Int
            do {
                (produced, complete) = try decoder.decode(&pending, into: output)
            } catch {
                throw ToolError(.corrupt, "\(name) is not valid \(decoder.format) data", underlying: error)
            }
            if produced > 0 { return produced }
            if pending.isEmpty && upstreamEnded && !complete {
                throw ToolError(.corrupt, "\(name) is truncated: its \(decoder.format) data ends early")
            }
        }
    }
}
