/// An image manifest (OCI `specs-go/v1/manifest.go`; also reads Docker schema 2 manifests, which have the same
/// shape).
///
/// ostree-ext writes manifests with **no** `mediaType` field (format spec §5.2 item 6), and pulled manifests may
/// omit it too, so it is optional. Unknown keys are ignored when decoding; keep the received bytes (`RawJSON`)
/// rather than re-encoding a pulled manifest.
public struct Manifest: Codable, Hashable, Sendable {
    /// Always 2.
    public var schemaVersion: Int
    /// `application/vnd.oci.image.manifest.v1+json`, the Docker schema 2 type, or absent.
    public var mediaType: String?
    /// Type of an artifact manifest.
    public var artifactType: String?
    /// The image config blob.
    public var config: Descriptor
    /// The layers, base first. For an ostree image, layer 0 is the commit layer.
    public var layers: [Descriptor]
    /// A manifest this one refers to (referrers API).
    public var subject: Descriptor?
    /// Arbitrary metadata; ostree-ext repeats the config labels here.
    public var annotations: [String: String]?

    /// A manifest; `schemaVersion` defaults to 2 and optional fields to absent.
    public init(
        schemaVersion: Int = 2, mediaType: String? = nil, artifactType: String? = nil, config: Descriptor,
        layers: [Descriptor], subject: Descriptor? = nil, annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.config = config
        self.layers = layers
        self.subject = subject
        self.annotations = annotations
    }
}
