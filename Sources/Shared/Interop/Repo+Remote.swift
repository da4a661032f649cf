internal import COSTree

extension Repo {
    /// A remote's string option, or `nil` when unset (`ostree_repo_get_remote_option`).
    /// - Throws: `ToolError(.notFound)` when the remote does not exist (libostree: `Remote "x" not found`).
    public func remoteOption(_ remote: String, _ option: String) throws -> String? {
        var out: UnsafeMutablePointer<CChar>?
        do {
            try gcall { ostree_repo_get_remote_option(raw, remote, option, nil, &out, $0) }
        } catch {
            throw ToolError(.notFound, "cannot read option \(option) of remote \(remote)", underlying: error)
        }
        return out.map(takeGString)
    }

    /// A remote's boolean option (`ostree_repo_get_remote_boolean_option`).
    public func remoteBoolOption(_ remote: String, _ option: String, default value: Bool) throws -> Bool {
        var out: gboolean = 0
        do {
            try gcall { ostree_repo_get_remote_boolean_option(raw, remote, option, value ? 1 : 0, &out, $0) }
        } catch {
            throw ToolError(.notFound, "cannot read option \(option) of remote \(remote)", underlying: error)
        }
        return out != 0
    }

    /// Verifies the GPG signatures in a commit's detached metadata with the keys imported for `remote`
    /// (`ostree_repo_signature_verify_commit_data` with other signature methods skipped).
    /// - Throws: `ToolError(.signature)` with libostree's reason (`public key not found`, `BAD signature` …).
    public func verifyGPGSignature(remote: String, commit: [UInt8], detachedMetadata: [UInt8]) throws {
        let commitBytes = commit.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        let metadataBytes = detachedMetadata.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer {
            g_bytes_unref(commitBytes)
            g_bytes_unref(metadataBytes)
        }
        var results: UnsafeMutablePointer<CChar>?
        defer { g_free(results) }
        do {
            try gcall {
                ostree_repo_signature_verify_commit_data(
                    raw, remote, commitBytes, metadataBytes, OSTREE_REPO_VERIFY_FLAGS_NO_SIGNAPI, &results, $0)
            }
        } catch {
            throw ToolError(.signature, "GPG verification with remote \(remote) failed", underlying: error)
        }
    }
}
