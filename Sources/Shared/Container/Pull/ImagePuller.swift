/// Pulls an ostree container image into a repository's image store (format spec §5.3): the way a machine updates
/// itself from a registry, as bootc and rpm-ostree do, compatible with ostree-ext's store layout.
///
/// Every layer is checked while it streams (digest, size, diff ID). Layers already in the store (by their
/// `ostree/container/blob/…` ref) are not fetched again, so an update downloads only what changed. Each layer
/// is imported with its layer ref, on parallel lanes in batched transactions (`PullSession`); the commit object,
/// the commit layer's ref, the image ref and `--ref` come last, in one transaction, so a failed or killed pull
/// leaves the image as it was and the next pull reuses the layers it finished.
public enum ImagePuller {
    /// Pulls `reference` into `repo`.
    /// - Throws: `ToolError` naming the layer digest, signature, platform or policy at fault.
    public static func pull(
        repo: Repo, reference: OstreeImageReference, options: PullOptions
    ) throws -> PullReport {
        let image = reference.imageReference
        var proxy = options.proxy
        if let architecture = options.architecture { proxy.architecture = architecture }
        let source: any ImageSource
        switch reference.signatureSource {
        case .containerPolicy:
            try ContainerPolicy.requireVerifyingDefault()
            // Only skopeo applies policy.json, so a signed pull always goes through it, even for oci: layouts.
            source = try ProxyImageSource(image, options: proxy)
        default:
            source = try ImageSources.open(image, options: proxy)
        }
        defer { try? source.close() }
        let architecture = try options.architecture ?? GoArch.host()
        let manifest = try source.fetchImageManifest(architecture: architecture, os: "linux")
        let stored = try StoredImage.load(repo: repo, reference: image)
        if let stored, stored.manifestDigest == manifest.digest {
            if options.requireBootable { try DeployableImage.check(stored.config, image: image.description) }
            return try unchanged(stored, repo: repo, options: options)
        }
        let config = try source.fetchConfig(manifest.value)
        if options.checkOnly {
            return report(image: image, commit: nil, merge: nil, digest: manifest.digest, update: true)
        }
        if options.requireBootable { try DeployableImage.check(config.value, image: image.description) }
        guard config.value.architecture == architecture.rawValue else {
            throw ToolError(
                .unsupported,
                "image \(image) is for \(config.value.architecture), not \(architecture.rawValue) (use --arch to pull it anyway)")
        }
        let layout = try ImageLayout(manifest: manifest.value, config: config.value)
        let session = try PullSession(repo: repo, source: source, layout: layout, options: options)
        let policy = policySignature(reference.signatureSource)
        let staged = try session.importLayers(policy: policy)
        let base = try staged?.checksum ?? session.storedCommit(policy: policy)
        let derived = try session.derivedCommits()
        let merge = try repo.withTransaction { transaction in
            if let staged, let commitLayer = layout.commitLayer {
                try staged.write(in: transaction, ref: StoreRefs.layer(commitLayer.digest))
            }
            let commit = try LayerMerge.merge(
                base: base ?? emptyBase(transaction), layers: derived, metadata: mergeMetadata(manifest, config),
                timestamp: timestamp(manifest.value, config.value), in: transaction)
            transaction.setRef(try StoreRefs.image(image), to: commit)
            if let ref = options.ref { transaction.setRef(ref, to: derived.isEmpty ? base ?? commit : commit) }
            return commit
        }
        try staged?.markComplete(in: repo)
        session.progress.finish()
        let commit = derived.isEmpty ? base ?? merge : merge
        let filtering = session.derivedFiltering()
        return PullReport(
            image: image.description, commit: commit.hex, mergeCommit: merge.hex,
            manifestDigest: manifest.digest.description, layersFetched: session.fetched, layersReused: session.reused,
            bytesFetched: session.bytesFetched, alreadyPresent: false, updateAvailable: options.checkOnly ? true : nil,
            filtered: filtering.counts, filteredPaths: filtering.paths)
    }

    /// The stored image already has this manifest: nothing to fetch.
    private static func unchanged(_ stored: StoredImage, repo: Repo, options: PullOptions) throws -> PullReport {
        let base = try stored.manifest.layers.first.flatMap { try repo.resolveIfExists(StoreRefs.layer($0.digest)) }
        let layout = try stored.config.map { try ImageLayout(manifest: stored.manifest, config: $0) }
        let commit = layout?.derivedLayers.isEmpty == false ? stored.mergeCommit : base ?? stored.mergeCommit
        if let ref = options.ref, !options.checkOnly {
            try repo.withTransaction { $0.setRef(ref, to: commit) }
        }
        return PullReport(
            image: stored.reference.description, commit: commit.hex, mergeCommit: stored.mergeCommit.hex,
            manifestDigest: stored.manifestDigest.description, layersFetched: 0,
            layersReused: stored.manifest.layers.count, bytesFetched: 0, alreadyPresent: true,
            updateAvailable: options.checkOnly ? false : nil, filtered: [:], filteredPaths: [])
    }

    private static func report(
        image: ImageReference, commit: Checksum?, merge: Checksum?, digest: Digest, update: Bool
    ) -> PullReport {
        PullReport(
            image: image.description, commit: commit?.hex ?? "", mergeCommit: merge?.hex ?? "",
            manifestDigest: digest.description, layersFetched: 0, layersReused: 0, bytesFetched: 0,
            alreadyPresent: false, updateAvailable: update, filtered: [:], filteredPaths: [])
    }

    private static func policySignature(_ source: SignatureSource) -> CommitSignaturePolicy? {
        if case .ostreeRemote(let remote) = source { return CommitSignaturePolicy(remote: remote) }
        return nil
    }

    /// An empty root for images that carry no ostree commit (every layer derived).
    private static func emptyBase(_ transaction: Transaction) throws -> Checksum {
        let meta = try transaction.writeDirMeta(uid: 0, gid: 0, mode: 0o40755, xattrs: [])
        let root = MutableTree()
        root.metadataChecksum = meta
        let tree = try transaction.writeMutableTree(root)
        return try transaction.writeCommit(root: tree, parent: nil, subject: nil, body: nil, metadata: [:], timestamp: 0)
    }

    /// The merge commit's metadata: the manifest and config exactly as pulled, and who imported them.
    private static func mergeMetadata(
        _ manifest: RawJSON<Manifest>, _ config: RawJSON<ImageConfig>
    ) -> [String: VariantValue] {
        [
            ImageLabels.manifestDigestKey: .string(manifest.digest.description),
            ImageLabels.manifestKey: .string(String(decoding: manifest.bytes, as: UTF8.self)),
            ImageLabels.imageConfigKey: .string(String(decoding: config.bytes, as: UTF8.self)),
            ImageLabels.importerVersionKey: .string("swift-ostree-ext \(ToolVersion.current)"),
        ]
    }

    /// The image's creation time (manifest annotation, else config), so the merge commit is reproducible.
    private static func timestamp(_ manifest: Manifest, _ config: ImageConfig) -> UInt64 {
        let text = manifest.annotations?["org.opencontainers.image.created"] ?? config.created
        return text.flatMap(RFC3339.parse) ?? 0
    }
}
