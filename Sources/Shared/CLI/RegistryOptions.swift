import ArgumentParser

/// `--authfile`, `--cert-dir`, `--insecure-skip-tls-verification`: how skopeo reaches registries, for the
/// commands that read or write images (`@OptionGroup var registry: RegistryOptions`).
public struct RegistryOptions: ParsableArguments {
    @Option(
        name: .customLong("authfile"),
        help: "Path to a containers auth.json (default: ostree's auth.json locations, then skopeo's own).")
    public var authFile: String?

    @Option(
        name: .customLong("cert-dir"),
        help: "Directory of *.crt, *.cert and *.key files for the registry's TLS.")
    public var certDirectory: String?

    @Flag(
        name: .customLong("insecure-skip-tls-verification"),
        help: "Do not verify the registry's TLS certificate, and allow plain HTTP.")
    public var insecureSkipTLSVerification = false

    public init() {}

    /// The options for the skopeo proxy.
    public var proxyOptions: ProxyOptions {
        ProxyOptions(
            authFile: authFile, certDirectory: certDirectory, insecureSkipTLSVerification: insecureSkipTLSVerification)
    }
}
