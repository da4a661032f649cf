/// An image index: `index.json` of an OCI layout, or a multi-platform image (OCI `specs-go/v1/index.go`; also
/// reads Docker manifest lists).
///
/// ostree-ext writes `{"schemaVersion":2,"manifests":[…]}` with no `mediaType` (format spec §5.2 item 7), so
/// `mediaType` is optional; unknown keys are ignored when decoding.
public struct Index: Codable, Hashable, Sendable {
    /// Annotation key naming the tag of an index entry in an OCI layout.
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"

    /// Always 2.
    public var schemaVersion: Int
    /// `application/vnd.oci.image.index.v1+json`, the Docker manifest-list type, or absent.
    public var mediaType: String?
    /// Type of an artifact index.
    public var artifactType: String?
    /// The manifests (for a layout: one per tag).
    public var manifests: [Descriptor]
    /// A manifest this one refers to (referrers API).
    public var subject: Descriptor?
    /// Arbitrary metadata.
    public var annotations: [String: String]?

    /// An index; `schemaVersion` defaults to 2 and optional fields to absent.
    public init(
        schemaVersion: Int = 2, mediaType: String? = nil, artifactType: String? = nil, manifests: [Descriptor],
        subject: Descriptor? = nil, annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.manifests = manifests
        self.subject = subject
        self.annotations = annotations
    }
}
