import Foundation

/// What an image reference names: an image manifest, or an index (a multi-platform image) to pick one from.
public enum FetchedManifest: Sendable {
    /// An image manifest (OCI or Docker schema 2).
    case image(RawJSON<Manifest>)
    /// An image index or Docker manifest list.
    case index(RawJSON<Index>)

    /// The largest manifest or config read into memory (containers/image's own limit).
    static let sizeLimit = 4 * 1024 * 1024

    /// Decodes `bytes` as the kind `mediaType` names; without a known media type, by the document's own
    /// `mediaType`, and failing that by its shape (a `manifests` array means an index).
    /// - Parameters:
    ///   - digest: the digest naming the manifest (kept as given).
    ///   - source: what was fetched, for error messages.
    /// - Throws: `ToolError(.corrupt)` naming the digest when the JSON does not decode.
    init(bytes: [UInt8], digest: Digest, mediaType: String?, source: String) throws {
        let isIndex: Bool
        switch mediaType {
        case MediaType.ociIndex, MediaType.dockerManifestList: isIndex = true
        case MediaType.ociManifest, MediaType.dockerManifest: isIndex = false
        default:
            guard let shape = try? JSONDecoder().decode(Shape.self, from: Data(bytes)) else {
                throw ToolError(.corrupt, "the \(source) (\(digest)) is not a JSON object")
            }
            isIndex = shape.isIndex
        }
        self =
            isIndex
            ? .index(try RawJSON(bytes: bytes, digest: digest))
            : .image(try RawJSON(bytes: bytes, digest: digest))
    }

    /// The digest naming the manifest.
    public var digest: Digest {
        switch self {
        case .image(let manifest): manifest.digest
        case .index(let index): index.digest
        }
    }

    /// The manifest's bytes as received.
    public var bytes: [UInt8] {
        switch self {
        case .image(let manifest): manifest.bytes
        case .index(let index): index.bytes
        }
    }

    /// Just enough of a manifest to tell an index from an image manifest.
    private struct Shape: Decodable {
        let isIndex: Bool

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            let mediaType = try? container.decode(String.self, forKey: Key(stringValue: "mediaType"))
            switch mediaType {
            case MediaType.ociIndex, MediaType.dockerManifestList: isIndex = true
            case MediaType.ociManifest, MediaType.dockerManifest: isIndex = false
            default: isIndex = container.contains(Key(stringValue: "manifests"))
            }
        }
    }
}
