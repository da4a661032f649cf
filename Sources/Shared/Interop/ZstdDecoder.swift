internal import CZstd

/// libzstd streaming decompression (`ZSTD_decompressStream`); a stream of several frames (and skippable frames)
/// reads as the concatenation of their contents.
final class ZstdDecoder: StreamDecoder {
    let format = "zstd"
    private let context: OpaquePointer

    init() throws {
        guard let context = ZSTD_createDCtx() else { throw ToolError(.io, "cannot initialise zstd decompression") }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    func decode(
        _ input: inout UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(DecoderError) -> (produced: Int, complete: Bool) {
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let hint = ZSTD_decompressStream(context, &target, &source)
        if ZSTD_isError(hint) != 0 { throw DecoderError(message: String(cString: ZSTD_getErrorName(hint))) }
        input = UnsafeRawBufferPointer(rebasing: input[source.pos...])
        // 0: a frame is complete and fully flushed.
        return (target.pos, hint == 0)
    }
}
