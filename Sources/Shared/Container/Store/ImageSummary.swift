/// One image of the store as `container-image list` shows it (in JSON, absent values are left out).
public struct ImageSummary: Encodable, Sendable {
    /// The transport reference the image is stored under (`docker://…`, `oci:DIR:TAG`).
    public let reference: String
    /// `sha256:` digest of the stored manifest.
    public let manifestDigest: String
    /// The config label `org.opencontainers.image.version` (else the manifest annotation).
    public let version: String?
    /// The ostree commit the image carries (its commit layer's ref target).
    public let baseCommit: String?
    /// The merge commit the image ref points at.
    public let mergeCommit: String
    /// The config's `created` time, RFC 3339.
    public let created: String?

    private enum CodingKeys: String, CodingKey {
        case reference, version, created
        case manifestDigest = "manifest_digest"
        case baseCommit = "base_commit"
        case mergeCommit = "merge_commit"
    }

    /// The summary of a stored image; the base commit is looked up in `repo`.
    /// - Throws: `ToolError(.corrupt)` when the stored manifest and config do not describe a valid layout.
    public init(image: StoredImage, repo: Repo) throws {
        reference = image.reference.description
        manifestDigest = image.manifestDigest.description
        version = image.config?.config?.labels?[ImageLabels.version] ?? image.manifest.annotations?[ImageLabels.version]
        baseCommit = try image.baseCommit(repo: repo)?.hex
        mergeCommit = image.mergeCommit.hex
        created = image.config?.created
    }

    /// Every image of the store, sorted by reference.
    public static func list(repo: Repo) throws -> [ImageSummary] {
        try StoredImage.list(repo: repo).map { try ImageSummary(image: $0, repo: repo) }
    }

    /// The text columns: reference, digest, version, base commit, merge commit, created (`-` when absent).
    public var columns: [String] {
        [reference, manifestDigest, version ?? "-", baseCommit ?? "-", mergeCommit, created ?? "-"]
    }
}
