import Foundation

/// How the skopeo proxy reaches registries: `--authfile`, `--cert-dir`, `--insecure-skip-tls-verification`.
///
/// Everything else (`registries.conf`, mirrors, `policy.json`, `certs.d`) is read by skopeo from the usual
/// containers configuration, as for podman.
public struct ProxyOptions: Sendable, Equatable {
    /// A containers `auth.json`; `nil` searches ostree's locations (`defaultAuthFile`), then skopeo's own.
    public var authFile: String?
    /// A directory of `*.crt`, `*.cert` and `*.key` files for the registry's TLS.
    public var certDirectory: String?
    /// Talk to the registry over plain HTTP or unverified HTTPS (`--tls-verify=false`).
    public var insecureSkipTLSVerification: Bool
    /// The architecture skopeo picks from an image index (`--override-arch`); `nil` is the host's.
    public var architecture: GoArch?
    /// The operating system skopeo picks from an image index (`--override-os`); `nil` is `linux`.
    public var os: String?
    /// The skopeo program: a path, or a name looked up on `PATH`.
    public var skopeo: String

    /// Options; each defaults to what skopeo does without it.
    public init(
        authFile: String? = nil, certDirectory: String? = nil, insecureSkipTLSVerification: Bool = false,
        architecture: GoArch? = nil, os: String? = nil, skopeo: String = "skopeo"
    ) {
        self.authFile = authFile
        self.certDirectory = certDirectory
        self.insecureSkipTLSVerification = insecureSkipTLSVerification
        self.architecture = architecture
        self.os = os
        self.skopeo = skopeo
    }

    /// The arguments after `skopeo`: the global `--override-arch`/`--override-os`, then
    /// `experimental-image-proxy --sockfd 0` and the flags skopeo 1.9.3 lists for it (`--authfile`, `--cert-dir`,
    /// `--tls-verify=false`).
    /// - Parameter defaultAuthFile: the auth file to use when `authFile` is `nil`.
    public func proxyArguments(defaultAuthFile: String? = nil) -> [String] {
        var arguments: [String] = []
        if let architecture { arguments += ["--override-arch", architecture.rawValue] }
        if let os { arguments += ["--override-os", os] }
        arguments += ["experimental-image-proxy", "--sockfd", "0"]
        if let file = authFile ?? defaultAuthFile { arguments += ["--authfile", file] }
        if let certDirectory { arguments += ["--cert-dir", certDirectory] }
        if insecureSkipTLSVerification { arguments.append("--tls-verify=false") }
        return arguments
    }

    /// ostree-ext's auth file search (format spec §5.8): as root `/run/ostree/auth.json`, `/etc/ostree/auth.json`,
    /// `/usr/lib/ostree/auth.json`; otherwise `$XDG_RUNTIME_DIR/ostree/auth.json`, then
    /// `$XDG_CONFIG_HOME/ostree/auth.json` (default `~/.config`). The first that exists, or `nil`.
    public static func defaultAuthFile(
        isRoot: Bool = getuid() == 0, environment: [String: String] = ProcessInfo.processInfo.environment,
        exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> String? {
        var candidates: [String] = []
        if isRoot {
            candidates = ["/run/ostree/auth.json", "/etc/ostree/auth.json", "/usr/lib/ostree/auth.json"]
        } else {
            if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
                candidates.append("\(runtime)/ostree/auth.json")
            }
            if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
                candidates.append("\(config)/ostree/auth.json")
            } else if let home = environment["HOME"], !home.isEmpty {
                candidates.append("\(home)/.config/ostree/auth.json")
            }
        }
        return candidates.first(where: exists)
    }
}
