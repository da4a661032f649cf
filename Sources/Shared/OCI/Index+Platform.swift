/// Picking one platform's manifest from an image index.
extension Index {
    /// The first entry whose platform has `architecture` and `os` (the variant is not compared).
    public func manifest(architecture: String, os: String) -> Descriptor? {
        manifests.first { $0.platform?.architecture == architecture && $0.platform?.os == os }
    }

    /// The platforms of the entries, `os/architecture[/variant]`, for messages.
    public var platformNames: [String] {
        manifests.compactMap { entry in
            entry.platform.map { "\($0.os)/\($0.architecture)" + ($0.variant.map { "/\($0)" } ?? "") }
        }
    }
}
