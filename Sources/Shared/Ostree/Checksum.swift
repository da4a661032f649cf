import Crypto

/// A SHA-256 ostree object checksum, held as its 64-character lowercase hex form.
public struct Checksum: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 64 lowercase hex characters.
    public let hex: String

    /// Validates a 64-character lowercase hex string; `nil` for anything else (uppercase included, as ostree-ext).
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 64, Hex.decode(hex) != nil else { return nil }
        self.hex = String(hex)
    }

    /// Wraps 32 raw digest bytes (the `ay` form inside commits and dirtrees); `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        hex = Hex.encode(bytes)
    }

    /// The 32 raw bytes.
    public var bytes: [UInt8] { Hex.decode(hex) ?? [] }

    public var description: String { hex }

    public static func < (lhs: Checksum, rhs: Checksum) -> Bool { lhs.hex < rhs.hex }
}

extension Checksum {
    /// The SHA-256 of `bytes` (used for xattrs blobs and metadata objects, which are named by it).
    public static func sha256(_ bytes: [UInt8]) -> Checksum {
        Checksum(validatedHex: Hex.encode(SHA256.hash(data: bytes)))
    }

    private init(validatedHex: String) { hex = validatedHex }
}
