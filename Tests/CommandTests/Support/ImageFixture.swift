import Foundation
import Shared
import Testing

/// A small image made by umoci in an OCI layout: tag `v1` with two gzip layers, one of them 512 KiB of random
/// bytes (more than a pipe holds, so streaming is exercised).
///
/// `addMultiPlatformIndex()` adds tag `multi`: an image index with an amd64 and an arm64 manifest over the same
/// layers, written by hand.
struct ImageFixture {
    static let tag = "v1"
    static let multiTag = "multi"

    let dir: TempDir
    /// The layout directory.
    let layout: String

    init(dir: TempDir, name: String = "layout") throws {
        self.dir = dir
        layout = dir.sub(name)
        let image = "\(layout):\(Self.tag)"
        try Run.checked("umoci", ["init", "--layout", layout])
        try Run.checked("umoci", ["new", "--image", image])
        try dir.write("content/hello", "hello from the fixture\n")
        let random = (0..<(512 * 1024)).map { _ in UInt8.random(in: 0...255) }
        try Data(random).write(to: URL(fileURLWithPath: dir.sub("content/big.bin")))
        try Run.checked("umoci", ["insert", "--image", image, dir.sub("content/hello"), "/etc/hello"])
        try Run.checked("umoci", ["insert", "--image", image, dir.sub("content/big.bin"), "/usr/share/big.bin"])
    }

    /// `oci:LAYOUT:TAG`.
    func reference(tag: String = Self.tag) throws -> ImageReference {
        try ImageReference(parsing: "oci:\(layout):\(tag)")
    }

    func blobPath(_ digest: Digest) -> String { "\(layout)/blobs/sha256/\(digest.encoded)" }

    func blob(_ digest: Digest) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: blobPath(digest))))
    }

    /// The `index.json` entry of `tag`, read independently of the code under test.
    func entry(tag: String = Self.tag) throws -> Descriptor {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(layout)/index.json"))
        let index = try JSONDecoder().decode(Index.self, from: data)
        return try #require(index.manifests.first { $0.annotations?[Index.refNameAnnotation] == tag })
    }

    /// The manifest of `v1`.
    func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(blob(entry().digest)))
    }

    /// The largest layer of `v1`.
    func bigLayer() throws -> Descriptor {
        try #require(try manifest().layers.max { $0.size < $1.size })
    }

    /// A copy of the layout (for breaking it) in `name`.
    func copy(to name: String) throws -> ImageFixture {
        let copy = ImageFixture(dir: dir, layout: dir.sub(name))
        try FileManager.default.copyItem(atPath: layout, toPath: copy.layout)
        return copy
    }

    private init(dir: TempDir, layout: String) {
        self.dir = dir
        self.layout = layout
    }

    /// Overwrites one byte in the middle of a blob (same size, wrong digest).
    func corrupt(_ digest: Digest) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: blobPath(digest)))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data([byte ^ 0xff]))
        try handle.close()
    }

    /// Adds tag `multi`: an index of two manifests, `linux/amd64` (the `v1` manifest) and `linux/arm64` (the same
    /// layers with an arm64 config). Returns the index descriptor and the two manifest descriptors.
    @discardableResult
    func addMultiPlatformIndex() throws -> (index: Descriptor, amd64: Descriptor, arm64: Descriptor) {
        let amd64Entry = try entry()
        var manifest = try manifest()
        var config = try JSONDecoder().decode(ImageConfig.self, from: Data(blob(manifest.config.digest)))
        config.architecture = GoArch.arm64.rawValue
        manifest.mediaType = MediaType.ociManifest
        manifest.config = try writeBlob(CanonicalJSON.encode(config), mediaType: MediaType.ociConfig)
        var arm64 = try writeBlob(CanonicalJSON.encode(manifest), mediaType: MediaType.ociManifest)
        arm64.platform = Platform(architecture: GoArch.arm64.rawValue, os: "linux")
        var amd64 = Descriptor(mediaType: MediaType.ociManifest, digest: amd64Entry.digest, size: amd64Entry.size)
        amd64.platform = Platform(architecture: GoArch.amd64.rawValue, os: "linux")
        let index = Index(mediaType: MediaType.ociIndex, manifests: [amd64, arm64])
        var indexEntry = try writeBlob(CanonicalJSON.encode(index), mediaType: MediaType.ociIndex)
        indexEntry.annotations = [Index.refNameAnnotation: Self.multiTag]
        let indexPath = URL(fileURLWithPath: "\(layout)/index.json")
        var top = try JSONDecoder().decode(Index.self, from: Data(contentsOf: indexPath))
        top.manifests.append(indexEntry)
        try Data(CanonicalJSON.encode(top)).write(to: indexPath)
        return (indexEntry, amd64, arm64)
    }

    private func writeBlob(_ bytes: [UInt8], mediaType: String) throws -> Descriptor {
        let digest = Digest.sha256(bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: blobPath(digest)))
        return Descriptor(mediaType: mediaType, digest: digest, size: UInt64(bytes.count))
    }
}
