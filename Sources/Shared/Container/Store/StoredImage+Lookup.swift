extension StoredImage {
    /// The stored image of `reference`.
    /// - Throws: `ToolError(.notFound)` naming the image and the repository when the store has no such image.
    public static func require(repo: Repo, reference: ImageReference) throws -> StoredImage {
        guard let image = try load(repo: repo, reference: reference) else {
            throw ToolError(.notFound, "no image \(reference) in the store of \(repo.path)")
        }
        return image
    }

    /// The manifest JSON, or with `config` the image config JSON, exactly as pulled (never re-encoded).
    /// - Throws: `ToolError(.notFound)` naming the image when `config` is asked for and none was stored.
    public func metadataBytes(config: Bool) throws -> [UInt8] {
        guard config else { return manifestBytes }
        guard let configBytes else { throw ToolError(.notFound, "image \(reference) has no stored config") }
        return configBytes
    }

    /// The ostree commit the image carries: what the ref of its commit layer (layer 0) points at; `nil` for an
    /// image without an ostree commit layer (no `ostree.final-diffid`) or when that layer ref is gone.
    /// - Throws: `ToolError(.corrupt)` when the stored manifest and config do not describe a valid layout.
    public func baseCommit(repo: Repo) throws -> Checksum? {
        // Without a config there is no label to tell: layer 0 is the commit layer, as ostree-ext assumes.
        let commitLayer =
            if let config {
                try ImageLayout(manifest: manifest, config: config).commitLayer
            } else {
                manifest.layers.first
            }
        guard let commitLayer else { return nil }
        return try repo.resolveIfExists(StoreRefs.layer(commitLayer.digest))
    }
}
