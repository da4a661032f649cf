/// The OCI and Docker media type strings this package reads or writes.
///
/// Mirrors `specs-go/v1/mediatype.go` of the OCI image spec and the Docker schema 2 names.
public enum MediaType {
    /// OCI image manifest.
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    /// OCI image index.
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    /// OCI image config.
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    /// OCI uncompressed layer tar.
    public static let ociLayerTar = "application/vnd.oci.image.layer.v1.tar"
    /// OCI gzip-compressed layer tar: what encapsulation writes.
    public static let ociLayerTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    /// OCI zstd-compressed layer tar.
    public static let ociLayerTarZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    /// Docker schema 2 image manifest.
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// Docker schema 2 manifest list (the Docker counterpart of an index).
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    /// Docker image config.
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    /// Docker uncompressed layer tar.
    public static let dockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar"
    /// Docker gzip-compressed layer tar.
    public static let dockerLayerTarGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
}

/// How a layer blob is compressed, as its media type says.
public enum LayerCompression: String, Sendable, CaseIterable {
    /// An uncompressed tar.
    case none
    /// gzip (what ostree-ext writes).
    case gzip
    /// zstd (images re-compressed by skopeo or podman).
    case zstd

    /// The compression of a layer with media type `mediaType` (OCI `tar`, `tar+gzip`, `tar+zstd`; Docker
    /// `rootfs.diff.tar`, `rootfs.diff.tar.gzip`).
    /// - Throws: `ToolError(.unsupported, "unsupported layer media type X")` for any other media type.
    public init(mediaType: String) throws {
        switch mediaType {
        case MediaType.ociLayerTar, MediaType.dockerLayerTar: self = .none
        case MediaType.ociLayerTarGzip, MediaType.dockerLayerTarGzip: self = .gzip
        case MediaType.ociLayerTarZstd: self = .zstd
        default: throw ToolError(.unsupported, "unsupported layer media type \(mediaType)")
        }
    }

    /// The OCI layer media type for this compression.
    public var ociMediaType: String {
        switch self {
        case .none: MediaType.ociLayerTar
        case .gzip: MediaType.ociLayerTarGzip
        case .zstd: MediaType.ociLayerTarZstd
        }
    }
}
