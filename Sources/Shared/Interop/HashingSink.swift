import Crypto

/// Passes bytes on unchanged while computing their SHA-256 and counting them.
final class HashingSink: ByteSink {
    private var hasher = SHA256()
    private let next: (any ByteSink)?
    private(set) var count: UInt64 = 0

    init(next: (any ByteSink)?) { self.next = next }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        count += UInt64(bytes.count)
        try next?.write(bytes)
    }

    func flush() throws { try next?.flush() }

    /// The digest of everything written (consumes the hasher state; call once).
    func digestHex() -> String { Hex.encode(hasher.finalize()) }
}
