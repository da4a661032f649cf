/// A content descriptor: what a manifest, index or config points at (OCI `specs-go/v1/descriptor.go`).
///
/// Property names are the JSON keys; `nil` optionals are omitted when encoded, unknown keys are ignored when
/// decoded. `Hashable` compares every field, which is what ostree-ext's layout parsing means by "equal layers".
public struct Descriptor: Codable, Hashable, Sendable {
    /// Media type of the referenced content (required by the spec, so required here).
    public var mediaType: String
    /// Digest of the referenced bytes.
    public var digest: Digest
    /// Size in bytes of the referenced content (a negative size fails decoding).
    public var size: UInt64
    /// Alternate download locations.
    public var urls: [String]?
    /// Arbitrary metadata (`ostree.components` on component layers; `org.opencontainers.image.ref.name` in an
    /// index).
    public var annotations: [String: String]?
    /// Platform of the referenced manifest (index entries only).
    public var platform: Platform?
    /// Type of an artifact when the descriptor points at one.
    public var artifactType: String?

    /// A descriptor; optional fields default to absent.
    public init(
        mediaType: String, digest: Digest, size: UInt64, urls: [String]? = nil, annotations: [String: String]? = nil,
        platform: Platform? = nil, artifactType: String? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.urls = urls
        self.annotations = annotations
        self.platform = platform
        self.artifactType = artifactType
    }
}
