import Foundation

/// `skopeo copy` of a local layout to any destination skopeo knows.
enum SkopeoCopy {
    /// Copies `source` to `destination` and returns the manifest digest skopeo wrote to its `--digestfile`.
    /// - Parameter registry: `authFile`, `certDirectory` and `insecureSkipTLSVerification` become `--authfile`,
    ///   `--dest-cert-dir` and `--dest-tls-verify=false`; `skopeo` is the program run.
    /// - Throws: `ToolError(.subprocess)` naming the destination when skopeo fails or reports no digest.
    static func copy(from source: String, to destination: String, registry: ProxyOptions) throws -> String {
        let digestFile = "\(FileManager.default.temporaryDirectory.path)/ostree-ext-digest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: digestFile) }
        var arguments = ["copy", "--quiet", "--digestfile", digestFile]
        if let authFile = registry.authFile { arguments += ["--authfile", authFile] }
        if let certDirectory = registry.certDirectory { arguments += ["--dest-cert-dir", certDirectory] }
        if registry.insecureSkipTLSVerification { arguments.append("--dest-tls-verify=false") }
        arguments += [source, destination]
        try Subprocess.checked(registry.skopeo, arguments, action: "pushing to \(destination)")
        guard let digest = try? String(contentsOfFile: digestFile, encoding: .utf8) else {
            throw ToolError(.subprocess, "skopeo did not report the digest of \(destination)")
        }
        return digest.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
