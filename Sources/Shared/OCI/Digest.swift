import Crypto
import Foundation

/// An OCI content digest, `sha256:<64 lowercase hex>`: the only algorithm ostree-ext writes or accepts.
///
/// Encoded in JSON as its string form. Parsing is strict: another algorithm (`sha512:…`) is unsupported, and
/// uppercase or short hex is invalid, so a digest that passes can be used as a file name under `blobs/sha256/`.
public struct Digest: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The algorithm part, always `sha256`.
    public var algorithm: String { "sha256" }
    /// The 64 lowercase hex characters after `sha256:`.
    public let encoded: String

    /// Parses `sha256:<64 lowercase hex>`.
    /// - Throws: `ToolError(.unsupported)` for another algorithm, `ToolError(.invalidArgument)` for anything else
    ///   that is not a valid digest; the message quotes `text`.
    public init(parsing text: String) throws {
        guard let (algorithm, encoded) = text.splitOnce(at: ":"), !algorithm.isEmpty else {
            throw ToolError(.invalidArgument, "invalid digest '\(text)': expected 'sha256:<hex>'")
        }
        guard algorithm == "sha256" else {
            throw ToolError(.unsupported, "unsupported digest algorithm '\(algorithm)' in '\(text)'")
        }
        try self.init(sha256Hex: encoded, context: text)
    }

    /// Wraps a SHA-256 value given as 64 lowercase hex characters (e.g. the name of a blob file).
    /// - Throws: `ToolError(.invalidArgument)` when `hex` is not 64 lowercase hex characters.
    public init(sha256Hex hex: String) throws {
        try self.init(sha256Hex: hex, context: hex)
    }

    private init(sha256Hex hex: String, context: String) throws {
        guard hex.utf8.count == 64, Hex.decode(hex) != nil else {
            throw ToolError(.invalidArgument, "invalid digest '\(context)': expected 64 lowercase hex characters")
        }
        encoded = hex
    }

    /// The digest of `bytes`, computed with swift-crypto's `SHA256`.
    public static func sha256(_ bytes: [UInt8]) -> Digest {
        Digest(trusted: Hex.encode(SHA256.hash(data: bytes)))
    }

    /// Wraps hex that is known to be valid (the output of a hash function).
    init(trusted hex: String) { encoded = hex }

    /// `sha256:<hex>`.
    public var description: String { "\(algorithm):\(encoded)" }

    /// Orders by the hex string (byte order), as ostree-ext sorts layers by digest.
    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.encoded < rhs.encoded }

    /// Decodes the string form; an invalid digest is a `DecodingError.dataCorrupted` at its coding path.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as ToolError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the string form `sha256:<hex>`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Incremental SHA-256 for data that streams through (layer tars, compressed blobs).
public struct DigestHasher: Sendable {
    private var hasher = SHA256()

    /// A hasher with no input yet.
    public init() {}

    /// Adds `bytes` to the input.
    public mutating func update(_ bytes: some DataProtocol) {
        hasher.update(data: bytes)
    }

    /// The digest of everything added so far; the hasher can keep going afterwards.
    public func finalize() -> Digest {
        Digest(trusted: Hex.encode(hasher.finalize()))
    }
}
