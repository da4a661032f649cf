internal import CZstd

/// Compresses everything written to it with libzstd's streaming API (`ZSTD_compressStream2`) and passes the
/// frame on.
///
/// The parameters are fixed so identical input and level give identical bytes: one frame, single-threaded, with
/// the content checksum that the `zstd` CLI and containers/image write, and no content size (it is not known
/// when the frame starts). Call `finish()` to end the frame.
final class ZstdSink: CompressingSink {
    private let context: OpaquePointer
    private let next: any ByteSink
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    private var finished = false

    /// - Parameter level: zstd level 1–19 (3 is the library's default).
    init(level: Int32, next: any ByteSink) throws {
        guard let context = ZSTD_createCCtx() else { throw ToolError(.io, "cannot initialise zstd compression") }
        self.context = context
        self.next = next
        let parameters: [(ZSTD_cParameter, Int32)] = [
            (ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, 1), (ZSTD_c_contentSizeFlag, 0),
            (ZSTD_c_nbWorkers, 0),
        ]
        for (parameter, value) in parameters {
            let code = ZSTD_CCtx_setParameter(context, parameter, value)
            if ZSTD_isError(code) != 0 {
                throw ToolError(.io, "cannot set up zstd compression: \(String(cString: ZSTD_getErrorName(code)))")
            }
        }
    }

    deinit {
        ZSTD_freeCCtx(context)
        output.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while input.pos < input.size {
            _ = try compress(&input, ZSTD_e_continue)
        }
    }

    /// Passes the flush on without flushing zstd, whose output must not depend on when callers flush.
    func flush() throws { try next.flush() }

    /// Writes the rest of the frame and its checksum.
    func finish() throws {
        guard !finished else { return }
        finished = true
        var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try compress(&input, ZSTD_e_end) != 0 {}
    }

    /// One `ZSTD_compressStream2` call into `output`, whose bytes go to `next`.
    /// - Returns: the library's hint; with `ZSTD_e_end`, 0 once the frame is complete.
    private func compress(_ input: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective) throws -> Int {
        var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let hint = ZSTD_compressStream2(context, &target, &input, directive)
        if ZSTD_isError(hint) != 0 {
            throw ToolError(.io, "zstd compression failed: \(String(cString: ZSTD_getErrorName(hint)))")
        }
        if target.pos > 0 { try next.write(UnsafeRawBufferPointer(rebasing: output[0..<target.pos])) }
        return hint
    }
}
