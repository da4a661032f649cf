/// How an image is reached: the part of an image reference before the first `:` (format spec §6.1).
///
/// `rawValue` is the serializable name, which `init(parsing:)` reads back; `description` is the display prefix
/// (`docker://` for a registry, otherwise the name and a colon).
public enum Transport: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// A registry (`registry:` or `docker://`).
    case registry = "registry"
    /// An OCI layout directory (`oci:DIR[:TAG]`).
    case ociDir = "oci"
    /// An OCI layout in a tar file (`oci-archive:FILE[:TAG]`).
    case ociArchive = "oci-archive"
    /// A `docker save` tar file.
    case dockerArchive = "docker-archive"
    /// Local containers-storage (podman).
    case containerStorage = "containers-storage"
    /// A skopeo `dir:` directory.
    case dir = "dir"

    /// The name that `init(parsing:)` reads back (`registry`, `oci`, …).
    public var serializableName: String { rawValue }

    /// Reads a transport token: a serializable name, or `docker` for a registry.
    /// - Throws: `ToolError(.invalidArgument, "Unknown transport '<token>'")`.
    public init(parsing token: String) throws {
        if token == "docker" {
            self = .registry
        } else if let transport = Transport(rawValue: token) {
            self = transport
        } else {
            throw ToolError(.invalidArgument, "Unknown transport '\(token)'")
        }
    }

    /// The display prefix: `docker://`, `oci:`, `oci-archive:`, `docker-archive:`, `containers-storage:`, `dir:`.
    public var description: String {
        self == .registry ? "docker://" : "\(rawValue):"
    }
}
