import Foundation

/// Builds an OCI image of an ostree commit into an OCI layout (format spec §5.2, §2.9, §8).
///
/// Beyond ostree-ext: every image is chunked (content metadata, else the dpkg database, else paths); the result
/// is reproducible (history and `created` come from the commit, JSON is canonical, layer bytes deterministic);
/// layers are written in parallel.
public enum ImageBuilder {
    /// One layer of the built image.
    public struct Layer: Encodable, Sendable {
        public let digest: String
        public let size: UInt64
        public let diffID: String
        public let mediaType: String
        /// `created_by` of its history entry.
        public let name: String

        enum CodingKeys: String, CodingKey {
            case digest, size, mediaType = "media_type", name, diffID = "diff_id"
        }
    }

    /// What was built.
    public struct Result: Encodable, Sendable {
        /// The manifest's descriptor (digest, size, platform), as `index.json` lists it.
        public let manifest: Descriptor
        public let config: Descriptor
        public let layers: [Layer]
        /// `dpkg`, `paths`, `contentmeta` or `single`.
        public let chunking: String
    }

    /// Builds the image of `commit` (already resolved in the repository at `repoPath`) into `layout`.
    /// - Throws: `ToolError` naming the commit metadata key, label or object at fault.
    public static func build(
        repoPath: String, commit: Checksum, options: EncapsulateOptions, into layout: OCILayoutWriter
    ) throws -> Result {
        let repo = try Repo(path: repoPath)
        let commitObject = try repo.loadCommit(commit)
        var labels = try CommitLabels.labels(commit: commit, metadata: commitObject.metadata, options: options)
        let (plan, chunking) = try chunkPlan(repo: repo, commit: commit, options: options)

        let jobs = [LayerJobs.Job(content: .commitLayer(commit: commit, remainder: plan.remainder), compression: options.compression)]
            + plan.chunks.map { LayerJobs.Job(content: .objectSet($0.objects), compression: options.compression) }
        let blobs = try LayerJobs(repoPath: repoPath, blobsDirectory: layout.blobsDirectory).run(jobs)

        let mediaType = options.compression.layerCompression.ociMediaType
        let created = options.contentMeta?.created ?? RFC3339.format(commitObject.timestamp)
        let names = [commitObject.subject.isEmpty ? "ostree export of commit \(commit)" : commitObject.subject]
            + plan.chunks.map(\.name)
        var descriptors: [Descriptor] = []
        var layers: [Layer] = []
        for (index, blob) in blobs.enumerated() {
            let annotations = index == 0 ? nil : [ImageLabels.components: plan.chunks[index - 1].componentsAnnotation]
            descriptors.append(Descriptor(mediaType: mediaType, digest: try Digest(sha256Hex: blob.digestHex),
                                          size: blob.size, annotations: annotations))
            layers.append(Layer(digest: "sha256:\(blob.digestHex)", size: blob.size, diffID: "sha256:\(blob.diffIDHex)",
                                mediaType: mediaType, name: names[index]))
        }
        labels[ImageLabels.finalDiffID] = layers.last?.diffID

        let architecture = try options.architecture ?? GoArch.host().rawValue
        let config = ImageConfig(
            created: created, architecture: architecture, os: "linux",
            config: containerConfig(options: options, metadata: commitObject.metadata, labels: labels),
            rootfs: .init(diffIDs: try blobs.map { try Digest(sha256Hex: $0.diffIDHex) }),
            history: names.map { ImageConfig.History(created: created, createdBy: $0) })
        let configDescriptor = try layout.writeBlob(CanonicalJSON.encode(config), mediaType: MediaType.ociConfig)
        let manifest = Manifest(
            mediaType: MediaType.ociManifest, config: configDescriptor, layers: descriptors, annotations: labels)
        var manifestDescriptor = try layout.writeBlob(CanonicalJSON.encode(manifest), mediaType: MediaType.ociManifest)
        manifestDescriptor.platform = Platform(architecture: architecture, os: "linux")
        return Result(manifest: manifestDescriptor, config: configDescriptor, layers: layers, chunking: chunking)
    }

    private static func chunkPlan(
        repo: Repo, commit: Checksum, options: EncapsulateOptions
    ) throws -> (ChunkPlan, String) {
        let inventory = try ContentInventory(repo: repo, commit: commit)
        if options.singleLayer { return (ChunkPlan(singleLayer: inventory), "single") }
        if let meta = options.contentMeta {
            let mapping = Dictionary(meta.mapping.map { ($0.checksum, $0.layerID) }) { first, _ in first }
            let plan = try ChunkPlan(
                inventory: inventory, components: meta.components, mapping: mapping,
                maxLayers: options.maxLayers ?? meta.maxLayers, priorBuild: options.priorBuild)
            return (plan, "contentmeta")
        }
        let found = try ComponentDiscovery.discover(repo: repo, commit: commit, inventory: inventory)
        let plan = try ChunkPlan(
            inventory: inventory, components: found.components, mapping: found.mapping,
            maxLayers: options.maxLayers ?? Packing.defaultMaxBins, priorBuild: options.priorBuild)
        return (plan, found.source)
    }

    private static func containerConfig(
        options: EncapsulateOptions, metadata: [String: VariantValue], labels: [String: String]
    ) -> ContainerConfig {
        var config = options.baseConfig ?? ContainerConfig()
        if let cmd = options.cmd {
            config.cmd = cmd
        } else if case .strings(let cmd)? = metadata[ImageLabels.containerCmd] {
            config.cmd = cmd
        }
        if let entrypoint = options.entrypoint { config.entrypoint = entrypoint }
        if !options.env.isEmpty { config.env = (config.env ?? []) + options.env }
        for port in options.exposedPorts {
            config.exposedPorts = (config.exposedPorts ?? [:]).merging([port.contains("/") ? port : "\(port)/tcp": EmptyObject()]) { $1 }
        }
        for volume in options.volumes { config.volumes = (config.volumes ?? [:]).merging([volume: EmptyObject()]) { $1 } }
        if let workingDir = options.workingDir { config.workingDir = workingDir }
        config.labels = (config.labels ?? [:]).merging(labels) { $1 }
        return config
    }
}

/// RFC 3339 UTC timestamps with second precision (`1997-08-29T18:30:42Z`).
public enum RFC3339 {
    public static func format(_ secondsSinceEpoch: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)))
    }

    /// Seconds since the epoch of an RFC 3339 timestamp (fractional seconds allowed), or `nil` if it is not one.
    public static func parse(_ text: String) -> UInt64? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text), date.timeIntervalSince1970 >= 0 {
                return UInt64(date.timeIntervalSince1970)
            }
        }
        return nil
    }
}
