import Foundation

/// An image in the store: its ref, merge commit and the manifest and config exactly as they were pulled.
public struct StoredImage: Sendable {
    public let reference: ImageReference
    public let ref: String
    public let mergeCommit: Checksum
    public let manifestDigest: Digest
    /// The manifest bytes as pulled (their sha256 is `manifestDigest`).
    public let manifestBytes: [UInt8]
    /// The config bytes as pulled, if stored.
    public let configBytes: [UInt8]?
    public let manifest: Manifest
    public let config: ImageConfig?
    /// The merge commit's timestamp.
    public let timestamp: UInt64

    /// The stored image of `reference`, or `nil` when the store has none.
    /// - Throws: `ToolError(.corrupt)` when the merge commit lacks the manifest metadata.
    public static func load(repo: Repo, reference: ImageReference) throws -> StoredImage? {
        let ref = try StoreRefs.image(reference)
        guard let commit = try repo.resolveIfExists(ref) else { return nil }
        return try load(repo: repo, reference: reference, ref: ref, commit: commit)
    }

    /// Every image in the store, sorted by reference.
    public static func list(repo: Repo) throws -> [StoredImage] {
        try repo.refs(prefix: ImageLabels.imageRefPrefix).sorted { $0.key < $1.key }.map { ref, commit in
            try load(repo: repo, reference: StoreRefs.imageReference(fromRef: ref), ref: ref, commit: commit)
        }
    }

    private static func load(repo: Repo, reference: ImageReference, ref: String, commit: Checksum) throws -> StoredImage {
        let object = try repo.loadCommit(commit)
        guard let digestText = object.metadata[ImageLabels.manifestDigestKey]?.stringValue,
            let manifestText = object.metadata[ImageLabels.manifestKey]?.stringValue
        else {
            throw ToolError(.corrupt, "image \(reference) (commit \(commit)) has no stored manifest")
        }
        let manifestBytes = Array(manifestText.utf8)
        let configText = object.metadata[ImageLabels.imageConfigKey]?.stringValue
        let configBytes = configText.flatMap { $0 == "null" ? nil : Array($0.utf8) }
        do {
            return StoredImage(
                reference: reference, ref: ref, mergeCommit: commit, manifestDigest: try Digest(parsing: digestText),
                manifestBytes: manifestBytes, configBytes: configBytes,
                manifest: try JSONDecoder().decode(Manifest.self, from: Data(manifestBytes)),
                config: try configBytes.map { try JSONDecoder().decode(ImageConfig.self, from: Data($0)) },
                timestamp: object.timestamp)
        } catch let error as ToolError {
            throw error
        } catch {
            throw ToolError(.corrupt, "stored manifest or config of image \(reference) is not valid JSON: \(error)")
        }
    }
}
