/// Where a pull reads an image from: manifests, config and layer blobs of one opened image reference.
///
/// Two implementations: `ProxyImageSource` (skopeo's image proxy: every transport and the containers
/// configuration) and `OCILayoutSource` (an `oci:` directory read directly). `ImageSources.open(_:options:)`
/// picks one. Blob streams are read one at a time: finish or close one before asking for anything else.
public protocol ImageSource: AnyObject {
    /// The image this source reads.
    var reference: ImageReference { get }

    /// The manifest the reference names: an image manifest or an index.
    /// - Throws: `ToolError` naming the reference.
    func fetchManifest() throws -> FetchedManifest

    /// The manifest `descriptor` points at (an index entry), checked against its digest.
    /// - Throws: `ToolError` naming the digest.
    func fetchManifest(_ descriptor: Descriptor) throws -> FetchedManifest

    /// The image manifest to pull for `architecture`/`os`: the one the reference names, or the matching entry of
    /// an index, fetched by its digest.
    /// - Throws: `ToolError(.notFound)` naming the index and the platforms it has when none matches.
    func fetchImageManifest(architecture: GoArch, os: String) throws -> RawJSON<Manifest>

    /// The config of `manifest` as raw bytes with its decoded value, checked against the config digest.
    /// - Throws: `ToolError` naming the config digest.
    func fetchConfig(_ manifest: Manifest) throws -> RawJSON<ImageConfig>

    /// Opens the blob `descriptor` points at; the stream checks size and digest at its end.
    /// - Throws: `ToolError(.notFound)` naming the digest when the image has no such blob.
    func openBlob(_ descriptor: Descriptor) throws -> BlobStream

    /// Another source of the same image, for streaming a blob on another thread while this one streams one; the
    /// caller closes it. `nil` when a second reader would cost more than it saves.
    /// - Throws: as the source's initializer.
    func concurrentSource() throws -> (any ImageSource)?

    /// Releases the image (and the proxy process the source owns).
    func close() throws
}

extension ImageSource {
    /// The image manifest to pull for the host: `linux` and `GoArch.host()`.
    public func fetchImageManifest() throws -> RawJSON<Manifest> {
        try fetchImageManifest(architecture: GoArch.host(), os: "linux")
    }

    /// The default `fetchImageManifest(architecture:os:)`: the manifest the reference names, or, for an index,
    /// the entry for `architecture`/`os` fetched by its digest.
    /// - Throws: `ToolError(.notFound)` naming the index and the platforms it has when none matches;
    ///   `ToolError(.unsupported)` for an index inside an index.
    public func fetchImageManifest(architecture: GoArch, os: String) throws -> RawJSON<Manifest> {
        let index: RawJSON<Index>
        switch try fetchManifest() {
        case .image(let manifest): return manifest
        case .index(let fetched): index = fetched
        }
        guard let entry = index.value.manifest(architecture: architecture.rawValue, os: os) else {
            let platforms = index.value.platformNames.joined(separator: ", ")
            throw ToolError(
                .notFound,
                "image index \(index.digest) of \(reference) has no manifest for \(os)/\(architecture.rawValue)"
                    + " (it has: \(platforms.isEmpty ? "none" : platforms))")
        }
        switch try fetchManifest(entry) {
        case .image(let manifest): return manifest
        case .index:
            throw ToolError(.unsupported, "manifest \(entry.digest) of \(reference) is an index inside an index")
        }
    }

    /// The default `fetchConfig(_:)`: the config blob, read with `openBlob(_:)`.
    public func fetchConfig(_ manifest: Manifest) throws -> RawJSON<ImageConfig> {
        try fetchConfigBlob(manifest)
    }

    /// The config blob of `manifest`, as raw bytes with its decoded value, checked against its digest.
    func fetchConfigBlob(_ manifest: Manifest) throws -> RawJSON<ImageConfig> {
        let bytes = try fetchBlob(manifest.config, limit: FetchedManifest.sizeLimit)
        return try RawJSON(bytes: bytes, digest: manifest.config.digest)
    }

    /// A whole blob in memory (for small JSON blobs), checked against its descriptor.
    /// - Throws: `ToolError(.corrupt)` when it is longer than `limit`, or as `openBlob(_:)` and `BlobStream`.
    public func fetchBlob(_ descriptor: Descriptor, limit: Int) throws -> [UInt8] {
        let stream = try openBlob(descriptor)
        defer { stream.close() }
        return try stream.readAll(limit: limit)
    }

    /// A manifest read as a blob, for sources whose blob store holds manifests too.
    func fetchManifestBlob(_ descriptor: Descriptor) throws -> FetchedManifest {
        let bytes = try fetchBlob(descriptor, limit: FetchedManifest.sizeLimit)
        return try FetchedManifest(
            bytes: bytes, digest: descriptor.digest, mediaType: descriptor.mediaType,
            source: "manifest \(descriptor.digest) of \(reference)")
    }
}
