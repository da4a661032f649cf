import Foundation
import Shared
import Testing

/// The image-store logic behind `container-image`, over stores written directly with the Shared API and judged
/// by the `ostree` CLI.
@Suite struct ImageStoreTests {
    static let base = LayerSpec(name: "base", files: ["usr/bin/tool": "tool v1\n", "usr/etc/os-release": "ID=a\n"])
    static let otherBase = LayerSpec(name: "other-base", files: ["usr/bin/tool": "tool v2\n"])
    static let shared = LayerSpec(name: "shared", files: ["usr/lib/shared.so": "shared library\n"])
    static let onlyA = LayerSpec(name: "only-a", files: ["usr/share/a.txt": "only in image a\n"])

    /// Image `a` (base, shared, only-a) and image `b` (other-base, shared).
    static func twoImages(_ dir: TempDir) throws -> (HandBuiltStore, HandBuiltStore.Image, HandBuiltStore.Image) {
        let store = try HandBuiltStore(dir: dir)
        let a = try store.addImage("docker://example.com/os:a", commitLayer: base, components: [shared, onlyA])
        let b = try store.addImage("oci:/srv/layout:b", commitLayer: otherBase, components: [shared], version: nil)
        return (store, a, b)
    }

    struct ReferenceCase: Sendable, CustomTestStringConvertible {
        let text: String
        let expected: String?
        var testDescription: String { text }
    }

    @Test(arguments: [
        ReferenceCase(text: "docker://quay.io/os:latest", expected: "docker://quay.io/os:latest"),
        ReferenceCase(text: "registry:quay.io/os", expected: "docker://quay.io/os"),
        ReferenceCase(text: "oci:/srv/layout:v1", expected: "oci:/srv/layout:v1"),
        ReferenceCase(text: "ostree-unverified-image:oci:/srv/layout:v1", expected: "oci:/srv/layout:v1"),
        ReferenceCase(text: "ostree-unverified-registry:quay.io/os", expected: "docker://quay.io/os"),
        ReferenceCase(text: "ostree-remote-image:r:docker://quay.io/os", expected: "docker://quay.io/os"),
        ReferenceCase(text: "ostree-image-signed:oci-archive:/a.tar", expected: "oci-archive:/a.tar"),
        ReferenceCase(text: "ostree-bogus:oci:/x", expected: nil),
        ReferenceCase(text: "foo:bar", expected: nil),
        ReferenceCase(text: "no-colon", expected: nil),
    ])
    func storeArgumentsParse(_ test: ReferenceCase) throws {
        if let expected = test.expected {
            #expect(try ImageReference(parsingStoreArgument: test.text).description == expected)
        } else {
            #expect(throws: ToolError.self) { try ImageReference(parsingStoreArgument: test.text) }
        }
    }

    @Test func listShowsEveryImageWithItsCommits() throws {
        let dir = try TempDir()
        let (store, a, b) = try Self.twoImages(dir)
        let images = try ImageSummary.list(repo: store.repo)
        #expect(images.map(\.reference) == ["docker://example.com/os:a", "oci:/srv/layout:b"])
        let first = try #require(images.first)
        #expect(first.manifestDigest == Digest.sha256(a.manifestBytes).description)
        #expect(first.version == "1.0" && first.created == HandBuiltStore.created)
        #expect(first.baseCommit == a.baseCommit.hex && first.mergeCommit == a.mergeCommit.hex)
        #expect(try Run.ostree("rev-parse", "--repo=\(store.path)", StoreRefs.image(a.reference)) == a.mergeCommit.hex)
        let second = try #require(images.last)
        #expect(second.version == nil && second.baseCommit == b.baseCommit.hex)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(second), as: UTF8.self)
        #expect(!json.contains(#""version""#) && json.contains(#""base_commit":"\#(b.baseCommit.hex)""#))
    }

    @Test func anImageWithoutOstreeLabelsHasNoBaseCommit() throws {
        let dir = try TempDir()
        let store = try HandBuiltStore(dir: dir)
        try store.addImage("oci:/srv/plain:v1", commitLayer: Self.base, ostreeLabels: false)
        let images = try ImageSummary.list(repo: store.repo)
        #expect(images.count == 1 && images.first?.baseCommit == nil)
        #expect(images.first?.columns[3] == "-")
    }

    @Test func metadataIsTheStoredBytes() throws {
        let dir = try TempDir()
        let (store, a, _) = try Self.twoImages(dir)
        let image = try StoredImage.require(repo: store.repo, reference: a.reference)
        #expect(try image.metadataBytes(config: false) == a.manifestBytes)
        #expect(try image.metadataBytes(config: true) == a.configBytes)
        #expect(a.manifestBytes.contains(UInt8(ascii: "\n")))
        let missing = try ImageReference(parsing: "oci:/nowhere:v1")
        let error = try #require(throws: ToolError.self) {
            try StoredImage.require(repo: store.repo, reference: missing)
        }
        #expect(error.kind == .notFound && error.message.contains("oci:/nowhere:v1"))
    }

    @Test func historyMatchesLayersToNonEmptyItemsNewestFirst() throws {
        let dir = try TempDir()
        let (_, a, _) = try Self.twoImages(dir)
        let entries = ImageHistory(manifest: a.manifest, config: a.config).entries
        #expect(entries.map(\.createdBy) == ["layer only-a", "layer shared", "LABEL x=y", "layer base"])
        #expect(
            entries.map(\.digest) == [Self.onlyA, Self.shared].map { $0.digest.description } + [
                nil, Self.base.digest.description,
            ])
        #expect(entries.map(\.size) == [Self.onlyA.size, Self.shared.size, 0, Self.base.size])
        #expect(entries.last?.comment == "the commit" && entries[2].emptyLayer)
    }

    @Test func historyWithoutConfigHistoryListsTheLayers() throws {
        let layers = [Self.base, Self.shared].map {
            Descriptor(mediaType: MediaType.ociLayerTarGzip, digest: $0.digest, size: $0.size)
        }
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.ociConfig, digest: Self.base.diffID, size: 1), layers: layers)
        let noHistory = ImageHistory(manifest: manifest, config: nil).entries
        #expect(noHistory.map(\.digest) == layers.reversed().map(\.digest.description))
        #expect(noHistory.allSatisfy { $0.createdBy == nil && !$0.emptyLayer })
        let rows = ImageHistory(manifest: manifest, config: nil).rows(createdByWidth: 45)
        #expect(rows.first == ["ID", "CREATED", "CREATED BY", "SIZE", "COMMENT"])
        #expect(rows.count == 3 && rows[1][0] == String(Self.shared.digest.encoded.prefix(12)))
    }

    @Test func tableColumnsAlign() {
        let text = TextTable.render([["a", "bbb", "c"], ["dddd", "e", ""]])
        #expect(text == "a     bbb  c\ndddd  e\n")
    }

    @Test func layerGCKeepsLayersOfStoredAndBaseImages() throws {
        let dir = try TempDir()
        let (store, a, b) = try Self.twoImages(dir)
        #expect(try LayerGC.deleteUnreferencedLayerRefs(repo: store.repo).isEmpty)
        try store.repo.withTransaction { $0.setRef(try StoreRefs.image(a.reference), to: nil) }
        try store.addBaseImageRef("kept", for: b)
        let deleted = try LayerGC.deleteUnreferencedLayerRefs(repo: store.repo)
        #expect(try deleted == [Self.base, Self.onlyA].map { try StoreRefs.layer($0.digest) }.sorted())
        #expect(try store.refs().isSuperset(of: b.layerRefs))

        try store.repo.withTransaction { $0.setRef(try StoreRefs.image(b.reference), to: nil) }
        #expect(try LayerGC.deleteUnreferencedLayerRefs(repo: store.repo).isEmpty)
        #expect(try LayerGC.referencedLayers(repo: store.repo) == Set(b.manifest.layers.map(\.digest)))
    }

    @Test func removeThenPruneKeepsWhatTheOtherImageShares() throws {
        let dir = try TempDir()
        let (store, a, b) = try Self.twoImages(dir)
        let report = try ImageRemoval.remove([a.reference], repo: store.repo, prune: true)
        #expect(report.removed == ["docker://example.com/os:a"])
        let prune = try #require(report.prune)
        #expect(try prune.layerRefsDeleted == [Self.base, Self.onlyA].map { try StoreRefs.layer($0.digest) }.sorted())
        #expect(prune.objectsPruned > 0 && prune.bytesFreed > 0 && prune.objectsTotal > prune.objectsPruned)

        let refs = try store.refs()
        #expect(
            refs.isDisjoint(with: [try StoreRefs.image(a.reference)] + a.layerRefs.filter { !b.layerRefs.contains($0) })
        )
        #expect(refs.isSuperset(of: [try StoreRefs.image(b.reference)] + b.layerRefs))
        #expect(try !store.repo.hasObject(.commit, a.mergeCommit) && !store.repo.hasObject(.commit, a.baseCommit))
        #expect(try !store.repo.hasObject(.file, #require(a.objects["usr/share/a.txt"])))
        #expect(try store.repo.hasObject(.file, #require(a.objects["usr/lib/shared.so"])))
        #expect(try store.fsck())
        try Run.ostree("checkout", "--repo=\(store.path)", "-U", b.mergeCommit.hex, dir.sub("checkout"))
        #expect(
            try String(contentsOfFile: dir.sub("checkout/usr/lib/shared.so"), encoding: .utf8) == "shared library\n")
        #expect(try ImageSummary.list(repo: store.repo).map(\.reference) == ["oci:/srv/layout:b"])
    }

    /// A pulled commit's parent (the previous release) goes with the last image that stored it, while other refs
    /// keep their whole history.
    @Test func pruneKeepsHistoryOnlyOutsideTheStore() throws {
        let dir = try TempDir()
        let store = try HandBuiltStore(dir: dir)
        let v1 = try store.addImage("oci:/srv/os:v1", commitLayer: Self.base)
        let v2 = try store.addImage("oci:/srv/os:v2", commitLayer: Self.otherBase, parent: v1.baseCommit)
        try dir.write("tree/one", "one\n")
        let first = try Run.ostree(
            "commit", "--repo=\(store.path)", "--branch=build/main", "--tree=dir=\(dir.sub("tree"))")
        try dir.write("tree/two", "two\n")
        let second = try Run.ostree(
            "commit", "--repo=\(store.path)", "--branch=build/main", "--tree=dir=\(dir.sub("tree"))")
        #expect(try Run.ostree("rev-parse", "--repo=\(store.path)", "build/main^") == first)

        _ = try ImageRemoval.remove([v1.reference], repo: store.repo, prune: true)
        #expect(try !store.repo.hasObject(.commit, v1.baseCommit))
        #expect(try !store.repo.hasObject(.file, #require(v1.objects["usr/etc/os-release"])))
        #expect(try store.repo.hasObject(.commit, v2.baseCommit))
        #expect(try store.repo.hasObject(.commit, #require(Checksum(hex: first))))
        #expect(try store.repo.hasObject(.commit, #require(Checksum(hex: second))))
        #expect(try store.fsck())
        try Run.ostree("checkout", "--repo=\(store.path)", "-U", first, dir.sub("first"))
        #expect(FileManager.default.fileExists(atPath: dir.sub("first/one")))
    }

    @Test func removingAnUnknownImageRemovesNothing() throws {
        let dir = try TempDir()
        let (store, a, b) = try Self.twoImages(dir)
        let before = try store.refs()
        let unknown = try ImageReference(parsing: "oci:/srv/none:v9")
        let error = try #require(throws: ToolError.self) {
            try ImageRemoval.remove([a.reference, unknown, b.reference], repo: store.repo, prune: true)
        }
        #expect(error.kind == .notFound && error.message == "no image oci:/srv/none:v9 in the store of \(store.path)")
        #expect(try store.refs() == before)
    }

    @Test func removeWithoutGCLeavesLayers() throws {
        let dir = try TempDir()
        let (store, a, _) = try Self.twoImages(dir)
        let report = try ImageRemoval.remove([a.reference], repo: store.repo, prune: false)
        #expect(report.prune == nil)
        #expect(try store.refs().isSuperset(of: a.layerRefs))
        #expect(try store.repo.hasObject(.commit, a.mergeCommit))
    }

    @Test func copyBringsLayersAndMergeCommit() throws {
        let dir = try TempDir()
        let (store, a, _) = try Self.twoImages(dir)
        let destination = try HandBuiltStore(dir: dir, name: "dest")
        let renamed = try ImageReference(parsing: "docker://example.com/copied:latest")
        let report = try ImageCopy.copy(a.reference, from: store.repo, to: destination.repo, as: renamed)
        #expect(report.mergeCommit == a.mergeCommit.hex && report.layerRefs == a.layerRefs)
        let images = try ImageSummary.list(repo: destination.repo)
        #expect(images.map(\.reference) == ["docker://example.com/copied:latest"])
        #expect(images.first?.baseCommit == a.baseCommit.hex && images.first?.mergeCommit == a.mergeCommit.hex)
        #expect(try StoredImage.require(repo: destination.repo, reference: renamed).manifestBytes == a.manifestBytes)
        #expect(try destination.refs() == Set(a.layerRefs + [StoreRefs.image(renamed)]))
        #expect(try destination.fsck())

        let missing = try ImageReference(parsing: "oci:/srv/none:v9")
        let error = try #require(throws: ToolError.self) {
            try ImageCopy.copy(missing, from: store.repo, to: destination.repo)
        }
        #expect(error.kind == .notFound && error.message.contains("oci:/srv/none:v9"))
    }
}
