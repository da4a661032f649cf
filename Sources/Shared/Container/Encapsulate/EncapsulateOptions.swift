/// What `ostree container-encapsulate` can be told, besides the commit and the destination.
public struct EncapsulateOptions: Sendable {
    /// User labels (`--label K=V`), applied after the ones derived from the commit.
    public var labels: [String: String] = [:]
    /// Commit metadata keys copied to labels; each must exist as a string (`--copymeta`).
    public var copyMetadata: [String] = []
    /// Commit metadata keys copied when present as a string (`--copymeta-opt`).
    public var copyMetadataOptional: [String] = []
    /// `Cmd`; default: commit metadata `ostree.container-cmd`.
    public var cmd: [String]?
    public var entrypoint: [String]?
    public var env: [String] = []
    /// `PORT[/proto]`.
    public var exposedPorts: [String] = []
    public var volumes: [String] = []
    public var workingDir: String?
    /// An OCI `config` object to start from (`--config FILE`).
    public var baseConfig: ContainerConfig?
    /// Go spelling; default: the host's.
    public var architecture: String?
    /// The most component layers besides the commit layer.
    public var maxLayers: Int?
    /// ostree-ext content metadata JSON (`--contentmeta`).
    public var contentMeta: ContentMeta?
    public var compression: BlobCompression = .gzip(level: 6)
    /// Also write the legacy `version` label.
    public var legacyVersionLabel = false
    /// A previous image of the same OS whose layer structure the chunking keeps, so that an update changes only
    /// the layers of the components that changed (new components go to the last layer).
    public var priorBuild: Manifest?
    /// Put everything in one layer instead of chunking.
    public var singleLayer = false
    /// How `skopeo copy` reaches a registry destination (auth file, certificates, TLS).
    public var registry = ProxyOptions()

    public init() {}
}
