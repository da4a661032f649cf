import Foundation

/// Writes an OCI image layout (image-layout 1.0: `oci-layout`, `index.json`, `blobs/sha256/…`) in place.
///
/// Blobs go in first; `index.json` is replaced atomically last, so a reader sees the old image or the new one.
/// On failure, `abandon()` removes what this writer added: the blobs that were not there before, or the whole
/// directory if the writer created it.
public final class OCILayoutWriter {
    public let path: String
    private let createdDirectory: Bool
    private let blobsBefore: Set<String>

    /// The directory layer blobs are written to (`blobs/sha256`).
    public var blobsDirectory: String { "\(path)/blobs/sha256" }

    /// Opens `path` as a layout, creating the directory, `blobs/sha256` and `oci-layout` as needed.
    /// - Throws: `ToolError(.io)` naming the path when it cannot be created or is not a directory.
    public init(path: String) throws {
        self.path = path
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: path, isDirectory: &isDirectory)
        guard !exists || isDirectory.boolValue else { throw ToolError(.io, "\(path) exists and is not a directory") }
        createdDirectory = !exists
        do {
            try manager.createDirectory(atPath: "\(path)/blobs/sha256", withIntermediateDirectories: true)
            if !manager.fileExists(atPath: "\(path)/oci-layout") {
                try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: "\(path)/oci-layout"))
            }
        } catch {
            throw ToolError(.io, "cannot write an OCI layout at \(path): \(error.localizedDescription)")
        }
        blobsBefore = Set((try? manager.contentsOfDirectory(atPath: "\(path)/blobs/sha256")) ?? [])
    }

    /// Stores `bytes` as a blob and returns its descriptor.
    public func writeBlob(_ bytes: [UInt8], mediaType: String) throws -> Descriptor {
        let digest = Digest.sha256(bytes)
        let blobPath = "\(blobsDirectory)/\(digest.encoded)"
        if !FileManager.default.fileExists(atPath: blobPath) {
            try AtomicFile.write(to: blobPath) { fd in try FileOutput.writeAll(fd, bytes, path: blobPath) }
        }
        return Descriptor(mediaType: mediaType, digest: digest, size: UInt64(bytes.count))
    }

    /// Makes `manifest` the image of `index.json`: with a tag, replacing the entry that has the same
    /// `org.opencontainers.image.ref.name` and keeping the others; without one, as the only entry.
    public func setManifest(_ manifest: Descriptor, tag: String?) throws {
        let indexPath = "\(path)/index.json"
        var entries: [Descriptor] = []
        if let tag {
            if let data = FileManager.default.contents(atPath: indexPath) {
                let existing: Index
                do {
                    existing = try JSONDecoder().decode(Index.self, from: data)
                } catch {
                    throw ToolError(.corrupt, "cannot read \(indexPath): \(error)")
                }
                entries = existing.manifests.filter { $0.annotations?[Index.refNameAnnotation] != tag }
            }
            var tagged = manifest
            tagged.annotations = (manifest.annotations ?? [:]).merging([Index.refNameAnnotation: tag]) { $1 }
            entries.append(tagged)
        } else {
            entries = [manifest]
        }
        let bytes = try CanonicalJSON.encode(Index(manifests: entries))
        try AtomicFile.write(to: indexPath) { fd in try FileOutput.writeAll(fd, bytes, path: indexPath) }
    }

    /// The manifest `tag` names in this layout if it is a chunked ostree image (every layer after the first
    /// carries `ostree.components`), for keeping its layer structure; `nil` otherwise.
    public func chunkedManifest(tag: String) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: "\(path)/index.json"),
            let index = try? JSONDecoder().decode(Index.self, from: data),
            let entry = index.manifests.first(where: { $0.annotations?[Index.refNameAnnotation] == tag }),
            let bytes = FileManager.default.contents(atPath: "\(blobsDirectory)/\(entry.digest.encoded)"),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: bytes),
            manifest.layers.count > 1,
            manifest.layers.dropFirst().allSatisfy({ $0.annotations?[Packing.componentsAnnotation] != nil })
        else { return nil }
        return manifest
    }

    /// Removes what this writer added (see the type's documentation).
    public func abandon() {
        let manager = FileManager.default
        if createdDirectory {
            try? manager.removeItem(atPath: path)
            return
        }
        for name in (try? manager.contentsOfDirectory(atPath: blobsDirectory)) ?? [] where !blobsBefore.contains(name) {
            try? manager.removeItem(atPath: "\(blobsDirectory)/\(name)")
        }
    }
}
