import Foundation

/// An image in an OCI layout directory (`oci:DIR[:TAG]`), read directly: the fast path that needs no skopeo.
///
/// `index.json` names the image: the entry whose `org.opencontainers.image.ref.name` annotation is TAG, or the
/// only entry when there is no tag. Blobs are the files `blobs/sha256/<hex>`, streamed from their descriptors and
/// checked against size and digest as they are read.
public final class OCILayoutSource: ImageSource {
    /// `oci:DIR[:TAG]`.
    public let reference: ImageReference
    /// The layout directory and tag.
    public let layout: OCILayoutReference
    /// The `index.json` entry the reference names.
    public let entry: Descriptor

    /// Opens the layout and finds the image in its `index.json`.
    /// - Throws: `ToolError(.unsupported)` for an `oci-archive:` reference; `ToolError(.notFound)` when the
    ///   directory has no `index.json` or the tag is not in it; `ToolError(.invalidArgument)` when there is no
    ///   tag and the layout holds more than one image; `ToolError(.corrupt)` for an unreadable `index.json`.
    public init(_ layout: OCILayoutReference) throws {
        guard !layout.isArchive else {
            throw ToolError(.unsupported, "\(layout) is an archive; it is read through skopeo, not as a directory")
        }
        self.layout = layout
        reference = layout.imageReference
        let indexPath = "\(layout.path)/index.json"
        guard let data = FileManager.default.contents(atPath: indexPath) else {
            throw ToolError(.notFound, "\(layout.path) is not an OCI layout: cannot read \(indexPath)")
        }
        let index: RawJSON<Index>
        do {
            index = try RawJSON(bytes: Array(data))
        } catch let error as ToolError {
            throw ToolError(.corrupt, "invalid \(indexPath): \(error.message)")
        }
        entry = try Self.select(from: index.value, tag: layout.tag, in: layout)
    }

    /// The blob of `entry`, checked against its digest and size.
    public func fetchManifest() throws -> FetchedManifest {
        try fetchManifestBlob(entry)
    }

    /// The blob of `descriptor`, checked against its digest and size.
    public func fetchManifest(_ descriptor: Descriptor) throws -> FetchedManifest {
        try fetchManifestBlob(descriptor)
    }

    /// Opens `blobs/sha256/<hex>` read-only.
    public func openBlob(_ descriptor: Descriptor) throws -> BlobStream {
        let path = "\(layout.path)/blobs/\(descriptor.digest.algorithm)/\(descriptor.digest.encoded)"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let kind: ToolError.Kind = errno == ENOENT ? .notFound : .io
            let reason = errnoDescription()
            throw ToolError(
                kind, "blob \(descriptor.digest) of \(reference) is missing: cannot open \(path): \(reason)")
        }
        return BlobStream(
            file: OwnedFileDescriptor(fd), digest: descriptor.digest, expectedSize: descriptor.size,
            source: reference.description)
    }

    /// The same layout opened again: blob files are independent, so any number can be read at once.
    public func concurrentSource() throws -> (any ImageSource)? {
        try OCILayoutSource(layout)
    }

    /// Nothing to release: every blob stream owns its file.
    public func close() throws {}

    /// The entry for `tag`, or the only entry when `tag` is `nil`.
    private static func select(from index: Index, tag: String?, in layout: OCILayoutReference) throws -> Descriptor {
        let tags = index.manifests.compactMap { $0.annotations?[Index.refNameAnnotation] }
        guard let tag else {
            guard index.manifests.count == 1, let only = index.manifests.first else {
                let count = index.manifests.count
                let hint = count == 0 ? "" : "; name one of \(tags.joined(separator: ", ")) with oci:\(layout.path):TAG"
                throw ToolError(
                    count == 0 ? .notFound : .invalidArgument, "\(layout) holds \(count) images, not one\(hint)")
            }
            return only
        }
        let matches = index.manifests.filter { $0.annotations?[Index.refNameAnnotation] == tag }
        guard let match = matches.first else {
            let known = tags.isEmpty ? "it has no tags" : "it has \(tags.joined(separator: ", "))"
            throw ToolError(.notFound, "tag \(tag) not found in OCI layout \(layout.path) (\(known))")
        }
        guard matches.count == 1 else {
            throw ToolError(.corrupt, "tag \(tag) names \(matches.count) images in OCI layout \(layout.path)")
        }
        return match
    }
}
