import Foundation

/// A JSON document kept as the exact bytes it came in, with its decoded value and digest.
///
/// A digest covers bytes, and a `Codable` round trip drops unknown fields (style.md §2.12), so whoever stores or
/// forwards a pulled manifest or config keeps `bytes` and only reads `value`.
public struct RawJSON<T: Decodable & Sendable>: Sendable {
    /// The document as received.
    public let bytes: [UInt8]
    /// The decoded document.
    public let value: T
    /// `sha256` of `bytes`; for a manifest that skopeo converted to OCI, the digest of the manifest as stored.
    public let digest: Digest

    /// Decodes `bytes` as `T` and computes their digest.
    /// - Throws: `ToolError(.corrupt)` naming the type, the digest and the path of the bad field.
    public init(bytes: [UInt8]) throws {
        try self.init(bytes: bytes, digest: Digest.sha256(bytes))
    }

    /// Decodes `bytes` as `T`, named by `digest` as given: already verified, or the digest of the original of a
    /// converted document.
    init(bytes: [UInt8], digest: Digest) throws {
        self.bytes = bytes
        self.digest = digest
        do {
            value = try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ToolError(.corrupt, "invalid \(T.self) JSON \(digest): \(Self.describe(error))")
        } catch {
            throw ToolError(.corrupt, "invalid \(T.self) JSON \(digest): \(error)")
        }
    }

    /// Decodes `bytes` after checking that they hash to `expected` (a blob fetched by digest).
    /// - Throws: `ToolError(.corrupt)` on a digest mismatch, naming both digests, or as `init(bytes:)`.
    public init(bytes: [UInt8], expected: Digest) throws {
        let actual = Digest.sha256(bytes)
        guard actual == expected else {
            throw ToolError(.corrupt, "digest mismatch for \(T.self) JSON: expected \(expected), found \(actual)")
        }
        try self.init(bytes: bytes)
    }

    /// One line for a decoding error: the coding path and what was wrong there, without Swift type dumps.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "missing \(type) value at \(path(context.codingPath))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }
}
