import Foundation
import Shared
import Testing

/// Reads an OCI layout written by a test: index, manifest and config of a tag, and blob paths.
struct OCILayout {
    let path: String

    func index() throws -> Index {
        try JSONDecoder().decode(Index.self, from: Data(contentsOf: URL(fileURLWithPath: "\(path)/index.json")))
    }

    func blobPath(_ digest: Digest) -> String { "\(path)/blobs/sha256/\(digest.encoded)" }

    func manifest(tag: String) throws -> Manifest {
        let entry = try #require(try index().manifests.first { $0.annotations?[Index.refNameAnnotation] == tag })
        return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: blobPath(entry.digest))))
    }

    func config(tag: String) throws -> ImageConfig {
        let manifest = try manifest(tag: tag)
        return try JSONDecoder().decode(ImageConfig.self, from: Data(contentsOf: URL(fileURLWithPath: blobPath(manifest.config.digest))))
    }

    func blobNames() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: "\(path)/blobs/sha256"))
    }
}
