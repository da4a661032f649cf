/// The label, annotation and metadata keys of ostree container images (format spec §5.1).
public enum ImageLabels {
    /// The commit checksum (config label and manifest annotation).
    public static let commit = "ostree.commit"
    /// `sha256:` diff ID of the last ostree layer; layers after it are derived (non-ostree) layers.
    public static let finalDiffID = "ostree.final-diffid"
    /// Component names of a chunk layer (layer annotation), comma-separated.
    public static let components = "ostree.components"
    /// `1` on bootable images, for bootc.
    public static let bootc = "containers.bootc"
    /// Commit metadata bool and label `true`/`false`.
    public static let bootable = "ostree.bootable"
    /// Kernel version, copied from commit metadata.
    public static let linux = "ostree.linux"
    /// The OCI version label, from commit metadata `version`.
    public static let version = "org.opencontainers.image.version"
    /// The legacy version label (`--legacy-version-label`).
    public static let legacyVersion = "version"
    /// Commit metadata (`as`) that becomes the config's `Cmd`.
    public static let containerCmd = "ostree.container-cmd"
    /// The prefix every image-store ref starts with (`layerRefPrefix`, `imageRefPrefix`, `baseImageRefPrefix`).
    public static let storeRefPrefix = "ostree/container/"
    /// Ref prefix of stored layers.
    public static let layerRefPrefix = "ostree/container/blob"
    /// Ref prefix of stored images.
    public static let imageRefPrefix = "ostree/container/image"
    /// Ref prefix under which other tools (rpm-ostree) keep commits of base images whose layers must stay stored.
    public static let baseImageRefPrefix = "ostree/container/baseimage"

    /// Merge-commit metadata: `sha256:` digest of the pulled manifest.
    public static let manifestDigestKey = "ostree.manifest-digest"
    /// Merge-commit metadata: the manifest JSON exactly as pulled.
    public static let manifestKey = "ostree.manifest"
    /// Merge-commit metadata: the image config JSON exactly as pulled.
    public static let imageConfigKey = "ostree.container.image-config"
    /// Merge-commit metadata: the importer's name and version.
    public static let importerVersionKey = "ostree.importer.version"
}
