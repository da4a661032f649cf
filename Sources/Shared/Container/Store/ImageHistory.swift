/// The history of an image as `podman history` shows it: one entry per config `history` item, newest first, each
/// non-empty-layer item matched in order to the manifest layer it created.
public struct ImageHistory: Sendable {
    /// One history item (in JSON, absent values are left out).
    public struct Entry: Encodable, Sendable, Hashable {
        /// The digest of the layer this item created; `nil` for an empty-layer item.
        public let digest: String?
        /// Creation time, RFC 3339, as the config has it.
        public let created: String?
        /// The command or description that created the layer (ostree-ext: the chunk name).
        public let createdBy: String?
        /// The size of the layer blob, as the manifest lists it (0 for an empty-layer item).
        public let size: UInt64
        /// The item's comment.
        public let comment: String?
        /// Whether the item created no layer.
        public let emptyLayer: Bool

        private enum CodingKeys: String, CodingKey {
            case digest, created, size, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }
    }

    /// The entries, newest first.
    public let entries: [Entry]

    /// Matches `config`'s history to `manifest`'s layers: the n-th item without `empty_layer` gets the n-th
    /// layer. Layers left over (a config with a short or no history) get entries of their own with no text;
    /// items left over get no layer (size 0).
    public init(manifest: Manifest, config: ImageConfig?) {
        var layers = manifest.layers.makeIterator()
        var entries: [Entry] = []
        for item in config?.history ?? [] {
            let empty = item.emptyLayer ?? false
            let layer = empty ? nil : layers.next()
            entries.append(
                Entry(
                    digest: layer?.digest.description, created: item.created, createdBy: item.createdBy,
                    size: layer?.size ?? 0, comment: item.comment, emptyLayer: empty))
        }
        while let layer = layers.next() {
            entries.append(
                Entry(
                    digest: layer.digest.description, created: nil, createdBy: nil, size: layer.size, comment: nil,
                    emptyLayer: false))
        }
        self.entries = entries.reversed()
    }

    /// The history of a stored image.
    public init(image: StoredImage) {
        self.init(manifest: image.manifest, config: image.config)
    }

    /// The text table rows: a header, then per entry the short layer digest (12 hex, `-` for empty layers),
    /// created, created-by (cut to `width` characters with `...` unless `nil`), human size and comment.
    public func rows(createdByWidth width: Int?) -> [[String]] {
        let header = ["ID", "CREATED", "CREATED BY", "SIZE", "COMMENT"]
        return [header]
            + entries.map { entry in
                let id = entry.digest.map { String($0.dropFirst("sha256:".count).prefix(12)) } ?? "-"
                var createdBy = entry.createdBy ?? ""
                if let width, createdBy.count > width { createdBy = String(createdBy.prefix(width - 3)) + "..." }
                return [id, entry.created ?? "-", createdBy, ByteCount.format(entry.size), entry.comment ?? ""]
            }
    }
}
