/// An image reference with the way its ostree commit is verified: what `container-pull` and the image store take
/// (format spec §6.3), e.g. `ostree-remote-registry:fedora:quay.io/fedora/fedora-coreos:stable`.
public struct OstreeImageReference: Hashable, Sendable, CustomStringConvertible {
    /// How the commit is verified.
    public var signatureSource: SignatureSource
    /// The image.
    public var imageReference: ImageReference

    /// A reference from its parts.
    public init(signatureSource: SignatureSource, imageReference: ImageReference) {
        self.signatureSource = signatureSource
        self.imageReference = imageReference
    }

    /// Parses `SCHEME:REST`, splitting at the first `:` (`Missing ':' in <s>`):
    ///
    /// | scheme | signature source | image |
    /// |---|---|---|
    /// | `ostree-image-signed` | `containerPolicy` | REST |
    /// | `ostree-unverified-image` | `containerPolicyAllowInsecure` | REST |
    /// | `ostree-unverified-registry` | `containerPolicyAllowInsecure` | `registry:` + REST |
    /// | `ostree-remote-image` | `ostree-remote(R)` | REST = `R:IMAGE` split at its first `:` |
    /// | `ostree-remote-registry` | `ostree-remote(R)` | `registry:` + IMAGE of `R:IMAGE` |
    ///
    /// A remote name cannot hold `:` and may be empty; a missing second `:` is `Missing second ':' in <s>`; any
    /// other scheme is `Invalid ostree image reference scheme: <scheme>`. The image part is then parsed as an
    /// `ImageReference`, whose errors name that (possibly rewritten) part.
    /// - Throws: `ToolError(.invalidArgument)` with the messages above.
    public init(parsing text: String) throws {
        guard let (scheme, rest) = text.splitOnce(at: ":") else {
            throw ToolError(.invalidArgument, "Missing ':' in \(text)")
        }
        func remoteAndImage() throws -> (remote: String, image: String) {
            guard let (remote, image) = rest.splitOnce(at: ":") else {
                throw ToolError(.invalidArgument, "Missing second ':' in \(text)")
            }
            return (remote, image)
        }
        let image: String
        switch scheme {
        case "ostree-image-signed":
            signatureSource = .containerPolicy
            image = rest
        case "ostree-unverified-image":
            signatureSource = .containerPolicyAllowInsecure
            image = rest
        case "ostree-unverified-registry":
            signatureSource = .containerPolicyAllowInsecure
            image = "registry:" + rest
        case "ostree-remote-image":
            let parts = try remoteAndImage()
            signatureSource = .ostreeRemote(parts.remote)
            image = parts.image
        case "ostree-remote-registry":
            let parts = try remoteAndImage()
            signatureSource = .ostreeRemote(parts.remote)
            image = "registry:" + parts.image
        default:
            throw ToolError(.invalidArgument, "Invalid ostree image reference scheme: \(scheme)")
        }
        imageReference = try ImageReference(parsing: image)
    }

    /// The display form: `ostree-unverified-registry:<name>` for an unverified registry image, otherwise
    /// `<signature source>:<image display>` (e.g. `ostree-remote-image:fedora:docker://quay.io/…`). Both parse back
    /// to an equal value.
    public var description: String {
        if isUnverifiedRegistry { return "ostree-unverified-registry:\(imageReference.name)" }
        return "\(signatureSource):\(imageReference)"
    }

    /// Rust's alternate display (`{:#}`): just `docker://<name>` for an unverified registry image (which does
    /// not parse back as an `OstreeImageReference`), otherwise the same as `description`.
    public var alternateDescription: String {
        isUnverifiedRegistry ? imageReference.description : description
    }

    private var isUnverifiedRegistry: Bool {
        signatureSource == .containerPolicyAllowInsecure && imageReference.transport == .registry
    }
}
