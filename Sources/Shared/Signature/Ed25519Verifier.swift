import Crypto
import Foundation

/// Verifies ostree's ed25519 commit signatures (detached metadata key `ostree.sign.ed25519`, type `aay`: 64-byte
/// signatures over the commit object's bytes) with swift-crypto, since Debian's libostree is built without them.
public struct Ed25519Verifier: Sendable {
    /// The detached-metadata key holding the signatures.
    public static let metadataKey = "ostree.sign.ed25519"

    public let publicKeys: [Curve25519.Signing.PublicKey]

    /// Parses base64 public keys (32 raw bytes each).
    /// - Throws: `ToolError(.invalidArgument)` naming `source` for a key that is not base64 of 32 bytes.
    public init(base64Keys: [String], source: String) throws {
        publicKeys = try base64Keys.map { text in
            guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)), data.count == 32,
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: data)
            else {
                throw ToolError(.invalidArgument, "invalid ed25519 public key '\(text)' in \(source)")
            }
            return key
        }
    }

    /// Whether any signature verifies with any key.
    public func verifies(commit: [UInt8], signatures: [[UInt8]]) -> Bool {
        signatures.contains { signature in
            signature.count == 64 && publicKeys.contains { $0.isValidSignature(signature, for: commit) }
        }
    }

    /// Reads the keys file format of `verification-ed25519-file`: one base64 key a line, blank lines and `#`
    /// comments ignored.
    public static func keys(fromFile path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ToolError(.notFound, "cannot read ed25519 keys file \(path)")
        }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
