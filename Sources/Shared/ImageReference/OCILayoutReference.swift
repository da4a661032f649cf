/// An `oci:DIR[:TAG]` or `oci-archive:FILE[:TAG]` reference split into its path and tag (format spec §5.2
/// item 7): the name is split at its **first** `:`, so a path cannot hold `:` and a tag may
/// (`/foo/bar:baz:latest` is path `/foo/bar`, tag `baz:latest`).
public struct OCILayoutReference: Hashable, Sendable, CustomStringConvertible {
    /// Whether the layout is a tar file (`oci-archive:`) rather than a directory (`oci:`).
    public var isArchive: Bool
    /// The layout directory or archive file.
    public var path: String
    /// The tag (`org.opencontainers.image.ref.name` in `index.json`), or `nil` for none.
    public var tag: String?

    /// A layout reference from its parts.
    public init(path: String, tag: String? = nil, isArchive: Bool = false) {
        self.path = path
        self.tag = tag
        self.isArchive = isArchive
    }

    /// The path and tag of an `oci:`/`oci-archive:` reference.
    ///
    /// An empty tag (`oci:/srv/layout:`) means no tag, as skopeo reads it (ostree-ext would write the tag `""`).
    /// - Throws: `ToolError(.invalidArgument)` when the transport is another one, or the path is empty
    ///   (`oci::tag`).
    public init(_ reference: ImageReference) throws {
        switch reference.transport {
        case .ociDir: isArchive = false
        case .ociArchive: isArchive = true
        default: throw ToolError(.invalidArgument, "not an oci: or oci-archive: image reference: \(reference)")
        }
        let (path, tag) = Self.splitPathAndTag(reference.name)
        guard !path.isEmpty else { throw ToolError(.invalidArgument, "invalid empty path in \(reference)") }
        self.path = path
        self.tag = tag?.isEmpty == true ? nil : tag
    }

    /// ostree-ext's `parse_oci_path_and_tag`: everything before the first `:` and, if there is one, everything
    /// after it (possibly empty).
    public static func splitPathAndTag(_ name: String) -> (path: String, tag: String?) {
        guard let (path, tag) = name.splitOnce(at: ":") else { return (name, nil) }
        return (path, tag)
    }

    /// The image reference this stands for.
    public var imageReference: ImageReference {
        ImageReference(transport: isArchive ? .ociArchive : .ociDir, name: tag.map { "\(path):\($0)" } ?? path)
    }

    /// `oci:PATH[:TAG]` or `oci-archive:PATH[:TAG]`.
    public var description: String { imageReference.description }
}
