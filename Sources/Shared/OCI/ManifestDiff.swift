/// The layer difference between two manifests, as ostree-ext's `ManifestDiff` computes it (format spec §5.4).
///
/// Layers are keyed by the hex of their digest. When a manifest lists one digest several times, the *last*
/// descriptor with that digest stands for it in `removed`/`added` (a map insert in the Rust code). The JSON form
/// (`Encodable`) holds only the six numbers: `total`, `total_size`, `n_removed`, `removed_size`, `n_added`,
/// `added_size`.
public struct ManifestDiff: Encodable, Sendable {
    /// Layers of `from` whose digest is not in `to`, sorted by digest hex.
    public let removed: [Descriptor]
    /// Layers of `to` whose digest is not in `from`, sorted by digest hex.
    public let added: [Descriptor]
    /// Number of distinct layer digests in `to`.
    public let total: UInt64
    /// Sum of the sizes of every layer of `to`, repeated digests counted each time.
    public let totalSize: UInt64
    /// `removed.count`.
    public let removedCount: UInt64
    /// Sum of the sizes in `removed`.
    public let removedSize: UInt64
    /// `added.count`.
    public let addedCount: UInt64
    /// Sum of the sizes in `added`.
    public let addedSize: UInt64

    private enum CodingKeys: String, CodingKey {
        case total
        case totalSize = "total_size"
        case removedCount = "n_removed"
        case removedSize = "removed_size"
        case addedCount = "n_added"
        case addedSize = "added_size"
    }

    /// Compares the layers of `from` (the old image) with those of `to` (the new one).
    public init(from: Manifest, to: Manifest) {
        let fromLayers = Self.byDigest(from.layers)
        let toLayers = Self.byDigest(to.layers)
        removed = Self.missing(from: fromLayers, in: toLayers)
        added = Self.missing(from: toLayers, in: fromLayers)
        total = UInt64(toLayers.count)
        totalSize = Self.sum(to.layers)
        removedCount = UInt64(removed.count)
        removedSize = Self.sum(removed)
        addedCount = UInt64(added.count)
        addedSize = Self.sum(added)
    }

    /// The three lines ostree-ext prints, `Total new layers: {total:<4}  Size: {size}` and so on.
    /// - Parameter formatSize: renders a byte count; ostree-ext uses GLib's `g_format_size` (`697.0 MB`).
    public func summaryLines(formatSize: (UInt64) -> String) -> [String] {
        func padded(_ count: UInt64) -> String {
            let text = String(count)
            return text + String(repeating: " ", count: max(0, 4 - text.count))
        }
        return [
            "Total new layers: \(padded(total))  Size: \(formatSize(totalSize))",
            "Removed layers:   \(padded(removedCount))  Size: \(formatSize(removedSize))",
            "Added layers:     \(padded(addedCount))  Size: \(formatSize(addedSize))",
        ]
    }

    private static func byDigest(_ layers: [Descriptor]) -> [String: Descriptor] {
        var map: [String: Descriptor] = [:]
        for layer in layers { map[layer.digest.encoded] = layer }
        return map
    }

    private static func missing(from source: [String: Descriptor], in other: [String: Descriptor]) -> [Descriptor] {
        source.filter { other[$0.key] == nil }.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Sizes saturate at `UInt64.max` instead of overflowing (hostile manifests can claim any size).
    private static func sum(_ layers: [Descriptor]) -> UInt64 {
        layers.reduce(0) { total, layer in
            let (sum, overflow) = total.addingReportingOverflow(layer.size)
            return overflow ? .max : sum
        }
    }
}
