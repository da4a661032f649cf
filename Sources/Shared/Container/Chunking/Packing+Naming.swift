extension Packing {
    /// The name of the layer made from `bin` (format spec §8.3), used as its history `created_by`:
    /// `Reserved for new packages` for an empty bin, the identifier for one component, the identifiers joined by
    /// ` and ` for two to five, and `<n> components` for more.
    public static func layerName(for bin: [ObjectSourceMeta]) -> String {
        switch bin.count {
        case 0: "Reserved for new packages"
        case 1...5: bin.map(\.identifier).joined(separator: " and ")
        default: "\(bin.count) components"
        }
    }

    /// The `ostree.components` annotation value of the layer made from `bin` (format spec §5.2 item 4): the
    /// component names sorted by their UTF-8 bytes and joined by `,` (empty for an empty bin).
    public static func componentsAnnotationValue(for bin: [ObjectSourceMeta]) -> String {
        bin.map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ",")
    }
}
