/// An image read through skopeo's image proxy: any transport skopeo knows, with the containers configuration.
///
/// The source owns its `SkopeoProxyClient` when opened with `ProxyImageSource(_:options:)`; `close()` then also
/// stops skopeo.
public final class ProxyImageSource: ImageSource {
    /// The image this source reads.
    public let reference: ImageReference
    /// The client the image is opened with.
    public let client: SkopeoProxyClient
    private let image: SkopeoProxyClient.OpenedImage
    private let ownsClient: Bool
    private var closed = false
    /// Configs of manifests skopeo converted to OCI, by the converted config digest (see `noteConversion`).
    private var convertedConfigs: [Digest: RawJSON<ImageConfig>] = [:]

    /// Starts a proxy and opens `reference` with it.
    /// - Throws: as `SkopeoProxyClient.init(options:)` and `SkopeoProxyClient.openImage(_:)`.
    public convenience init(_ reference: ImageReference, options: ProxyOptions) throws {
        try self.init(reference, client: SkopeoProxyClient(options: options), ownsClient: true)
    }

    /// Opens `reference` with a running proxy; `close()` leaves the proxy running unless `ownsClient`.
    public init(_ reference: ImageReference, client: SkopeoProxyClient, ownsClient: Bool = false) throws {
        self.reference = reference
        self.client = client
        self.ownsClient = ownsClient
        image = try client.openImage(reference)
    }

    deinit { try? close() }

    /// `GetManifest`: always an image manifest, since skopeo resolves an index to the host platform itself.
    /// A Docker schema 2 manifest arrives converted to OCI, named by the digest of the stored manifest.
    public func fetchManifest() throws -> FetchedManifest {
        try noteConversion(client.manifest(of: image), of: image)
    }

    /// skopeo resolves an index to the platform it was started for; another platform is asked of a second
    /// proxy started with `--override-arch`/`--override-os`.
    public func fetchImageManifest(architecture: GoArch, os: String) throws -> RawJSON<Manifest> {
        let options = client.options
        if try architecture == options.architecture ?? GoArch.host(), os == options.os ?? "linux" {
            return try imageManifest(fetchManifest())
        }
        var other = options
        other.architecture = architecture
        other.os = os
        let source = try ProxyImageSource(reference, options: other)
        defer { try? source.close() }
        let manifest = try imageManifest(source.fetchManifest())
        convertedConfigs.merge(source.convertedConfigs) { mine, _ in mine }
        return manifest
    }

    /// For a registry, the repository is opened again pinned to the digest (registries serve manifests only
    /// by reference, not as blobs); other transports read it as a blob.
    public func fetchManifest(_ descriptor: Descriptor) throws -> FetchedManifest {
        guard let pinned = reference.pinned(to: descriptor.digest) else { return try fetchManifestBlob(descriptor) }
        let other = try client.openImage(pinned)
        defer { try? client.closeImage(other) }
        let fetched = try noteConversion(client.manifest(of: other), of: other)
        guard fetched.digest == descriptor.digest else {
            throw ToolError(.corrupt, "\(pinned) resolved to manifest \(fetched.digest), not \(descriptor.digest)")
        }
        return fetched
    }

    /// The config of a manifest skopeo converted comes from `GetFullConfig`; any other is the blob (`GetBlob`).
    public func fetchConfig(_ manifest: Manifest) throws -> RawJSON<ImageConfig> {
        if let converted = convertedConfigs[manifest.config.digest] { return converted }
        return try fetchConfigBlob(manifest)
    }

    /// `GetBlob` with the descriptor's digest and size.
    public func openBlob(_ descriptor: Descriptor) throws -> BlobStream {
        try client.blob(of: image, digest: descriptor.digest, size: descriptor.size)
    }

    /// A second skopeo process with the same image open (skopeo streams one blob at a time per process); `nil`
    /// for archives, which each skopeo process unpacks again.
    public func concurrentSource() throws -> (any ImageSource)? {
        switch reference.transport {
        case .ociArchive, .dockerArchive: nil
        case .registry, .ociDir, .containerStorage, .dir: try ProxyImageSource(reference, options: client.options)
        }
    }

    /// A manifest whose bytes do not hash to its digest was converted by skopeo (Docker schema 2 to OCI): its
    /// config descriptor names skopeo's converted config, which no registry has as a blob. That config is
    /// fetched now, from the image the manifest came from, and checked against the descriptor.
    private func noteConversion(
        _ fetched: FetchedManifest, of opened: SkopeoProxyClient.OpenedImage
    ) throws -> FetchedManifest {
        guard case .image(let manifest) = fetched, Digest.sha256(manifest.bytes) != manifest.digest else {
            return fetched
        }
        let config = manifest.value.config
        if convertedConfigs[config.digest] == nil {
            let stream = try client.convertedConfig(of: opened, descriptor: config)
            defer { stream.close() }
            let bytes = try stream.readAll(limit: FetchedManifest.sizeLimit)
            convertedConfigs[config.digest] = try RawJSON(bytes: bytes, digest: config.digest)
        }
        return fetched
    }

    private func imageManifest(_ fetched: FetchedManifest) throws -> RawJSON<Manifest> {
        guard case .image(let manifest) = fetched else {
            throw ToolError(.unsupported, "skopeo returned an image index for \(reference)")
        }
        return manifest
    }

    /// `CloseImage`, then `Shutdown` when the source owns the proxy. Idempotent.
    public func close() throws {
        guard !closed else { return }
        closed = true
        do {
            try client.closeImage(image)
        } catch {
            if ownsClient { try? client.shutdown() }
            throw error
        }
        if ownsClient { try client.shutdown() }
    }
}
