import Foundation

/// Where a built image goes, and how it gets there; shared by everything that writes an image
/// (`container-encapsulate`, `container-image reexport`).
///
/// `oci:` layouts are written in place (other tags kept; nothing new left behind on failure); `oci-archive:` is a
/// layout built in a temporary directory and archived atomically; every other transport gets the temporary layout
/// through `skopeo copy`, so auth files, registries.conf and policy behave as with podman.
public struct ImageDestination: Sendable {
    /// What a builder writes into.
    public struct Target {
        /// The layout that receives the blobs; the builder returns the manifest descriptor, and the destination
        /// makes it the image of the layout.
        public let layout: OCILayoutWriter
        /// The tag of an `oci:` destination written in place, whose current image a builder may reuse (as a prior
        /// build); `nil` for every other destination.
        public let inPlaceTag: String?
        /// Whether the destination asks for fast compression (`containers-storage:`, as ostree-ext forces gzip
        /// level 1 there).
        public let prefersFastCompression: Bool
    }

    /// The destination image reference.
    public let reference: ImageReference
    /// How `skopeo copy` reaches a registry (`--authfile`, `--dest-cert-dir`, `--dest-tls-verify=false`).
    public let registry: ProxyOptions

    /// A destination from its image reference text (`oci:DIR[:TAG]`, `oci-archive:FILE[:TAG]`, or anything skopeo
    /// can write).
    /// - Throws: `ToolError(.invalidArgument)` when `text` is not an image reference.
    public init(parsing text: String, registry: ProxyOptions = ProxyOptions()) throws {
        reference = try ImageReference(parsing: text)
        self.registry = registry
    }

    /// Builds an image with `build` and puts it at the destination.
    /// - Parameter build: writes the blobs into the target's layout and returns the manifest descriptor (with its
    ///   platform) plus whatever the caller wants back.
    /// - Returns: the manifest digest (for skopeo destinations, as skopeo wrote it) and `build`'s result.
    /// - Throws: what `build` throws, or `ToolError` naming the destination when writing or copying fails.
    public func write<Image>(
        _ build: (Target) throws -> (manifest: Descriptor, image: Image)
    ) throws -> (digest: String, image: Image) {
        switch reference.transport {
        case .ociDir:
            let target = try OCILayoutReference(reference)
            let layout = try OCILayoutWriter(path: target.path)
            do {
                let built = try build(Target(layout: layout, inPlaceTag: target.tag, prefersFastCompression: false))
                try layout.setManifest(built.manifest, tag: target.tag)
                return (built.manifest.digest.description, built.image)
            } catch {
                layout.abandon()
                throw error
            }
        case .ociArchive:
            let target = try OCILayoutReference(reference)
            return try withTemporaryLayout { layout in
                let built = try build(Target(layout: layout, inPlaceTag: nil, prefersFastCompression: false))
                try layout.setManifest(built.manifest, tag: target.tag)
                try OCIArchive.write(layout: layout.path, to: target.path)
                return (built.manifest.digest.description, built.image)
            }
        default:
            let fast = reference.transport == .containerStorage
            return try withTemporaryLayout { layout in
                let built = try build(Target(layout: layout, inPlaceTag: nil, prefersFastCompression: fast))
                try layout.setManifest(built.manifest, tag: "image")
                let digest = try SkopeoCopy.copy(
                    from: "oci:\(layout.path):image", to: reference.description, registry: registry)
                return (digest, built.image)
            }
        }
    }

    /// Runs `body` with a layout in a new temporary directory under `$TMPDIR` (default /var/tmp), removed
    /// afterwards.
    private func withTemporaryLayout<T>(_ body: (OCILayoutWriter) throws -> T) throws -> T {
        let root = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/tmp"
        let directory = "\(root)/ostree-ext-image-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(try OCILayoutWriter(path: directory))
    }
}
