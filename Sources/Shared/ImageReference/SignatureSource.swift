/// How a pulled image's ostree commit is verified (format spec §6.3).
public enum SignatureSource: Hashable, Sendable, CustomStringConvertible {
    /// The commit's ostree signature must verify with this remote's keys (`ostree-remote-image:<remote>`).
    case ostreeRemote(String)
    /// containers `policy.json` must verify the image (`ostree-image-signed`).
    case containerPolicy
    /// containers `policy.json` decides, which usually accepts anything (`ostree-unverified-image`).
    case containerPolicyAllowInsecure

    /// Parses `ostree-image-signed`, `ostree-unverified-image` or `ostree-remote-image:<remote>` (the remote is
    /// everything after that prefix).
    /// - Throws: `ToolError(.invalidArgument, "Invalid signature source: <s>")`.
    public init(parsing text: String) throws {
        switch text {
        case "ostree-image-signed": self = .containerPolicy
        case "ostree-unverified-image": self = .containerPolicyAllowInsecure
        default:
            guard let remote = text.strippingPrefix("ostree-remote-image:") else {
                throw ToolError(.invalidArgument, "Invalid signature source: \(text)")
            }
            self = .ostreeRemote(remote)
        }
    }

    /// `ostree-remote-image:<remote>`, `ostree-image-signed` or `ostree-unverified-image`.
    public var description: String {
        switch self {
        case .ostreeRemote(let remote): "ostree-remote-image:\(remote)"
        case .containerPolicy: "ostree-image-signed"
        case .containerPolicyAllowInsecure: "ostree-unverified-image"
        }
    }
}
