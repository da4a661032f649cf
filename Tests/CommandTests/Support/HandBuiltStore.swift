import Foundation
import Shared
import Testing

/// A layer of a hand-built image: its digest is the sha256 of its name, its files are `path → contents`.
struct LayerSpec {
    let name: String
    let files: [String: String]

    var digest: Digest { Digest.sha256(Array("layer:\(name)".utf8)) }
    var diffID: Digest { Digest.sha256(Array("diff:\(name)".utf8)) }
    var size: UInt64 { UInt64(name.utf8.count * 1000) }
}

/// An image store written directly with the Shared API, as `container-pull` lays it out (format spec §5.3): the
/// commit layer's ref points at the base commit, each component layer's ref at the object-set commit of its files,
/// and the image ref at a merge commit whose metadata holds the manifest and config. The manifest and config are
/// pretty-printed, so that only a byte-exact reader gives them back unchanged.
final class HandBuiltStore {
    /// One image written into the store.
    struct Image {
        let reference: ImageReference
        let manifestBytes: [UInt8]
        let configBytes: [UInt8]
        let manifest: Manifest
        let config: ImageConfig
        let baseCommit: Checksum
        let mergeCommit: Checksum
        /// The content object of each file, by path.
        let objects: [String: Checksum]
        /// The ref of each layer, in manifest order.
        let layerRefs: [String]
    }

    static let created = "2024-01-02T03:04:05Z"

    let dir: TempDir
    let path: String
    let repo: Repo

    init(dir: TempDir, name: String = "store") throws {
        self.dir = dir
        path = try dir.makeRepo(name)
        repo = try Repo(path: path)
    }

    /// Writes an image whose commit layer holds `commitLayer`'s files and whose component layers hold the
    /// others'; the base commit's tree holds every file. History: one item per layer, plus an empty-layer item
    /// after the first. The base commit's parent is `parent` (a previous release), if given. Without
    /// `ostreeLabels` the image has no `ostree.final-diffid`: every layer counts as derived.
    @discardableResult
    func addImage(
        _ reference: String, commitLayer: LayerSpec, components: [LayerSpec] = [], version: String? = "1.0",
        parent: Checksum? = nil, ostreeLabels: Bool = true
    ) throws -> Image {
        let imageReference = try ImageReference(parsing: reference)
        let layers = [commitLayer] + components
        var labels: [String: String] = [:]
        if ostreeLabels { labels[ImageLabels.finalDiffID] = layers[layers.count - 1].diffID.description }
        if let version { labels[ImageLabels.version] = version }
        var history = layers.map { ImageConfig.History(created: Self.created, createdBy: "layer \($0.name)") }
        history.insert(ImageConfig.History(created: Self.created, createdBy: "LABEL x=y", emptyLayer: true), at: 1)
        history[0].comment = "the commit"
        let config = ImageConfig(
            created: Self.created, architecture: "amd64", os: "linux", config: ContainerConfig(labels: labels),
            rootfs: .init(diffIDs: layers.map(\.diffID)), history: history)
        let configBytes = try Self.pretty(config)
        let manifest = Manifest(
            mediaType: MediaType.ociManifest,
            config: Descriptor(
                mediaType: MediaType.ociConfig, digest: Digest.sha256(configBytes), size: UInt64(configBytes.count)),
            layers: layers.map { Descriptor(mediaType: MediaType.ociLayerTarGzip, digest: $0.digest, size: $0.size) },
            annotations: labels)
        let manifestBytes = try Self.pretty(manifest)
        return try repo.withTransaction { transaction in
            let writer = try TreeWriter(transaction: transaction)
            for component in components {
                let objects = try writer.add(component.files)
                transaction.setRef(
                    try StoreRefs.layer(component.digest),
                    to: try ObjectSetCommit.write(objects: objects.values, in: transaction))
            }
            try writer.add(commitLayer.files)
            let tree = try transaction.writeMutableTree(writer.root)
            let base = try transaction.writeCommit(
                root: tree, parent: parent, subject: "base of \(reference)", body: nil, metadata: [:], timestamp: 0)
            transaction.setRef(try StoreRefs.layer(commitLayer.digest), to: base)
            let merge = try transaction.writeCommit(
                root: tree, parent: nil, subject: nil, body: nil,
                metadata: [
                    ImageLabels.manifestDigestKey: .string(Digest.sha256(manifestBytes).description),
                    ImageLabels.manifestKey: .string(String(decoding: manifestBytes, as: UTF8.self)),
                    ImageLabels.imageConfigKey: .string(String(decoding: configBytes, as: UTF8.self)),
                    ImageLabels.importerVersionKey: .string("test"),
                ],
                timestamp: 1_704_164_645)
            transaction.setRef(try StoreRefs.image(imageReference), to: merge)
            return Image(
                reference: imageReference, manifestBytes: manifestBytes, configBytes: configBytes, manifest: manifest,
                config: config, baseCommit: base, mergeCommit: merge, objects: writer.objects,
                layerRefs: try layers.map { try StoreRefs.layer($0.digest) })
        }
    }

    /// A commit under `ostree/container/baseimage/NAME` whose metadata carries `image`'s manifest, as rpm-ostree
    /// keeps the base image of a deployment.
    func addBaseImageRef(_ name: String, for image: Image) throws {
        try repo.withTransaction { transaction in
            let tree = try transaction.writeMutableTree(MutableTree(repo: repo, commit: image.baseCommit))
            let commit = try transaction.writeCommit(
                root: tree, parent: nil, subject: "kept", body: nil,
                metadata: [
                    ImageLabels.manifestDigestKey: .string(Digest.sha256(image.manifestBytes).description),
                    ImageLabels.manifestKey: .string(String(decoding: image.manifestBytes, as: UTF8.self)),
                ],
                timestamp: 0)
            transaction.setRef("\(ImageLabels.baseImageRefPrefix)/\(name)", to: commit)
        }
    }

    /// Runs `ostree fsck` on the store; it must report no errors.
    func fsck() throws -> Bool {
        try Run.ostree("fsck", "--repo=\(path)").contains("no errors found")
    }

    /// The refs `ostree refs` lists.
    func refs() throws -> Set<String> {
        Set(try Run.ostree("refs", "--repo=\(path)").split(separator: "\n").map(String.init))
    }

    private static func pretty(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(value))
    }
}

/// Writes files (uid 0, mode 0644) and their directories (mode 0755) into one mutable tree.
private final class TreeWriter {
    let transaction: Transaction
    let root = MutableTree()
    let directoryMeta: Checksum
    private(set) var objects: [String: Checksum] = [:]

    init(transaction: Transaction) throws {
        self.transaction = transaction
        directoryMeta = try transaction.writeDirMeta(uid: 0, gid: 0, mode: 0o755, xattrs: [])
        root.metadataChecksum = directoryMeta
    }

    /// Adds `files`; returns their content objects by path.
    @discardableResult
    func add(_ files: [String: String]) throws -> [String: Checksum] {
        var written: [String: Checksum] = [:]
        for (path, contents) in files {
            var components = path.split(separator: "/").map(String.init)
            let name = components.removeLast()
            var directory = root
            for component in components {
                directory = try directory.directory(component)
                if directory.metadataChecksum == nil { directory.metadataChecksum = directoryMeta }
            }
            let object = try transaction.writeRegularFile(
                uid: 0, gid: 0, mode: 0o644, xattrs: [], data: Array(contents.utf8))
            try directory.replaceFile(name, object)
            written[path] = object
        }
        objects.merge(written) { $1 }
        return written
    }
}
