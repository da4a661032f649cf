/// What `ostree container-pull` can be told besides the image.
public struct PullOptions: Sendable {
    /// A plain ref to point at the imported commit too.
    public var ref: String?
    /// The platform to pull from an image index (Go spelling); default: the host's.
    public var architecture: GoArch?
    /// Registry access (auth file, certificates, TLS).
    public var proxy = ProxyOptions()
    /// Silence progress.
    public var quiet = false
    /// Only fetch the manifest and config and say whether an update exists.
    public var checkOnly = false
    /// Let derived layers write outside `/usr`, `/etc` and `/var` (for images whose base allows it).
    public var allowNonUsr = false
    /// Refuse, before fetching any layer, an image that is not bootable on this machine (`DeployableImage`), as
    /// deploying needs.
    public var requireBootable = false

    public init() {}
}

/// What a pull did, as `--json` prints it.
public struct PullReport: Encodable, Sendable {
    /// The image reference as stored (transport form, e.g. `docker://…`, `oci:…`).
    public let image: String
    /// The ostree commit the image carries; for a layered image, the merge commit.
    public let commit: String
    /// The merge commit the image ref points at.
    public let mergeCommit: String
    public let manifestDigest: String
    public let layersFetched: Int
    public let layersReused: Int
    /// Compressed bytes downloaded.
    public let bytesFetched: UInt64
    /// True when the store already had this manifest (nothing fetched).
    public let alreadyPresent: Bool
    /// With `--check`: whether the image differs from the stored one.
    public let updateAvailable: Bool?
    /// Content of derived layers left out (outside `/usr`, `/etc`, `/var`), counted by top-level name.
    public let filtered: [String: UInt32]
    /// The first paths left out.
    public let filteredPaths: [String]

    enum CodingKeys: String, CodingKey {
        case image, commit, mergeCommit = "merge_commit", manifestDigest = "manifest_digest"
        case layersFetched = "layers_fetched", layersReused = "layers_reused", bytesFetched = "bytes_fetched"
        case alreadyPresent = "already_present", updateAvailable = "update_available", filtered
        case filteredPaths = "filtered_paths"
    }
}
