import Foundation

/// Checks that a commit carries a valid signature for an ostree remote's configuration, before anything of it is
/// written: GPG keys imported with `ostree remote gpg-import` (when `gpg-verify` is on, the default) and ed25519
/// keys (`verification-ed25519-key`, `verification-ed25519-file`) when `sign-verify` is on. Every method the
/// remote enables must verify.
public struct CommitSignaturePolicy {
    public let remote: String

    public init(remote: String) { self.remote = remote }

    /// - Parameters:
    ///   - commit: the serialized commit object.
    ///   - detachedMetadata: its serialized detached metadata, `nil` when the stream had none.
    /// - Throws: `ToolError(.signature)` naming the commit and remote when a required signature is missing or bad;
    ///   `ToolError(.notFound)` for an unknown remote.
    public func verify(repo: Repo, commit: Checksum, commitBytes: [UInt8], detachedMetadata: [UInt8]?) throws {
        _ = try repo.remoteOption(remote, "url")
        let gpg = try repo.remoteBoolOption(remote, "gpg-verify", default: true)
        let ed25519 = try signVerifyEnablesEd25519(repo: repo)
        guard gpg || ed25519 else {
            throw ToolError(
                .signature, "remote \(remote) verifies no signatures (gpg-verify is false and sign-verify is unset)")
        }
        guard let detachedMetadata else {
            throw ToolError(
                .signature,
                "expected commitmeta object after commit \(commit): remote \(remote) requires a signature")
        }
        if gpg {
            try repo.verifyGPGSignature(remote: remote, commit: commitBytes, detachedMetadata: detachedMetadata)
        }
        if ed25519 {
            try verifyEd25519(repo: repo, commit: commit, commitBytes: commitBytes, detachedMetadata: detachedMetadata)
        }
    }

    /// `sign-verify` is a boolean, or a list of signature types (`ed25519`).
    private func signVerifyEnablesEd25519(repo: Repo) throws -> Bool {
        guard let value = try repo.remoteOption(remote, "sign-verify")?.lowercased() else { return false }
        switch value {
        case "true", "yes", "1": return true
        case "false", "no", "0", "": return false
        default: return value.split(separator: ";").contains { $0.trimmingCharacters(in: .whitespaces) == "ed25519" }
        }
    }

    private func verifyEd25519(repo: Repo, commit: Checksum, commitBytes: [UInt8], detachedMetadata: [UInt8]) throws {
        var keys: [String] = []
        if let key = try repo.remoteOption(remote, "verification-ed25519-key") { keys.append(key) }
        if let file = try repo.remoteOption(remote, "verification-ed25519-file") {
            keys += try Ed25519Verifier.keys(fromFile: file)
        }
        guard !keys.isEmpty else {
            throw ToolError(.signature, "remote \(remote) enables sign-verify but has no ed25519 public key")
        }
        let verifier = try Ed25519Verifier(base64Keys: keys, source: "remote \(remote)")
        let metadata = try MetadataDictionary.parse(detachedMetadata, name: "\(commit).commitmeta")
        guard case .byteArrays(let signatures)? = metadata[Ed25519Verifier.metadataKey], !signatures.isEmpty else {
            throw ToolError(.signature, "commit \(commit) has no ed25519 signature (\(Ed25519Verifier.metadataKey))")
        }
        guard verifier.verifies(commit: commitBytes, signatures: signatures) else {
            throw ToolError(.signature, "ed25519 signature of commit \(commit) does not verify with the keys of remote \(remote)")
        }
    }
}
