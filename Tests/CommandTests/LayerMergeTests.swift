import Foundation
import Shared
import Testing

/// Merging derived layer commits onto a base commit without a checkout, judged by `ostree ls`, `ostree cat`,
/// `ostree checkout` and `ostree fsck` (format spec §5.3.4, §9 items 17 and 19).
@Suite struct LayerMergeTests {
    /// Applied after `DerivedLayerTests.layer`: changes a file again, whites out a file of that layer, adds to the
    /// opaque directory and sets its metadata.
    static let secondLayer: [TarEntries.Entry] = [
        .file("etc/motd", "layer2\n"),
        .file("usr/bin/.wh.link", ""),
        .file("usr/bin/newtool2", "n2\n", mode: 0o755),
        .directory("usr/share/opq", mode: 0o750),
        .file("usr/share/opq/four", "4\n"),
    ]

    static let merged = [
        "/", "/run", "/usr", "/usr/bin", "/usr/bin/bash", "/usr/bin/newtool2", "/usr/bin/testxattr", "/usr/etc",
        "/usr/etc/hl-a", "/usr/etc/hl-b", "/usr/etc/hl-c", "/usr/etc/motd", "/usr/lib", "/usr/lib/dir-becomes-file",
        "/usr/lib/file-becomes-dir", "/usr/lib/file-becomes-dir/inner", "/usr/share", "/usr/share/doc",
        "/usr/share/doc/README", "/usr/share/newdir", "/usr/share/newdir/readme", "/usr/share/opq",
        "/usr/share/opq/four", "/usr/share/opq/three", "/usr/share/untouched", "/usr/share/untouched/deep",
        "/usr/share/untouched/deep/file",
    ].sorted()

    private func importBoth(_ fixture: DerivedLayerFixture, into repo: Repo? = nil, reversed: Bool = false) throws
        -> [Checksum]
    {
        let tars = [
            try fixture.tar("layer1.tar", DerivedLayerTests.layer), try fixture.tar("layer2.tar", Self.secondLayer),
        ]
        let order = reversed ? [1, 0] : [0, 1]
        var commits: [Int: Checksum] = [:]
        for index in order { commits[index] = try fixture.importLayer(tars[index], into: repo).commit }
        return try [0, 1].map { try #require(commits[$0]) }
    }

    @Test func mergedTreeIsTheUnionWithWhiteoutsApplied() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let layers = try importBoth(fixture)
        let metadata: [String: VariantValue] = [
            "ostree.manifest-digest": .string("sha256:" + String(repeating: "0", count: 64)),
            "ostree.container.image-config": .string("{}"),
        ]
        let merge = try fixture.merge(layers, metadata: metadata, timestamp: 872_879_442)
        let repo = fixture.repoPath

        let listing = try OstreeListing(repo: repo, rev: merge.hex)
        #expect(listing.paths == Self.merged)
        let base = try OstreeListing(repo: repo, rev: fixture.base.hex)
        // Directories the layers only created as parents keep the base's metadata; explicit entries override it.
        #expect(listing["/"]?.mode == base["/"]?.mode)
        #expect(listing["/usr"]?.xattrs.contains("b'user.base'") == true)
        #expect(listing["/usr/share/doc"]?.mode == "d00700")
        #expect(listing["/usr/share/opq"]?.mode == "d00750")
        #expect(listing["/usr/lib/file-becomes-dir"]?.mode == "d00755")
        #expect(listing["/usr/lib/dir-becomes-file"]?.mode == "-00644")
        #expect(listing["/usr/bin/testxattr"]?.xattrs == "[(b'user.foo', [byte 0x62, 0x61, 0x72])]")
        #expect(listing["/usr/etc/hl-b"]?.checksum == listing["/usr/etc/hl-a"]?.checksum)
        // A subtree no layer touched is the base's dirtree, reused without being rewritten.
        #expect(listing["/usr/share/untouched"]?.checksum == base["/usr/share/untouched"]?.checksum)
        let cat = { (path: String) in try Run.ostree("cat", "--repo=\(repo)", merge.hex, path) }
        #expect(try cat("/usr/etc/motd") == "layer2")
        #expect(try cat("/usr/lib/dir-becomes-file") == "now a file")
        #expect(try cat("/usr/share/doc/README") == "readme")
        #expect(try cat("/usr/bin/bash") == "bash")

        let commit = try fixture.repo.loadCommit(merge)
        #expect(commit.metadata == metadata)
        #expect(commit.timestamp == 872_879_442 && commit.parent == nil && commit.subject.isEmpty)
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))

        let checkout = dir.sub("checkout")
        try Run.ostree("checkout", "--repo=\(repo)", "--user-mode", merge.hex, checkout)
        let enumerator = try #require(FileManager.default.enumerator(atPath: checkout))
        let files = enumerator.compactMap { $0 as? String }.map { "/" + $0 }
        #expect(Set(files + ["/"]) == Set(Self.merged))
        #expect(try String(contentsOfFile: checkout + "/usr/share/opq/three", encoding: .utf8) == "3\n")
    }

    @Test func resultDependsOnLayerOrderOnly() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let layers = try importBoth(fixture)
        let merge = try fixture.merge(layers)
        #expect(try fixture.merge(layers) == merge)

        let swapped = try fixture.merge(layers.reversed())
        #expect(swapped != merge)
        #expect(try Run.ostree("cat", "--repo=\(fixture.repoPath)", swapped.hex, "/usr/etc/motd") == "changed")

        // Another repository that received the layer blobs in the other order merges to the same commit.
        let otherPath = dir.sub("other")
        let other = try Repo.create(at: otherPath, mode: .bareUser)
        try Run.ostree("pull-local", "--repo=\(otherPath)", fixture.repoPath, fixture.base.hex)
        let otherLayers = try importBoth(fixture, into: other, reversed: true)
        #expect(otherLayers == layers)
        #expect(try fixture.merge(otherLayers, into: other) == merge)
        #expect(try Run.ostree("fsck", "--repo=\(otherPath)").contains("no errors found"))
    }

    @Test func noLayersKeepsTheBaseTree() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let merge = try fixture.repo.loadCommit(try fixture.merge([]))
        let base = try fixture.repo.loadCommit(fixture.base)
        #expect(merge.rootTree == base.rootTree && merge.rootMeta == base.rootMeta)
    }

    @Test func newDirectoriesAreAttachedOrWalked() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let layer = try fixture.importLayer(
            try fixture.tar(
                "layer.tar",
                [
                    .file("usr/fresh/a/b", "b\n"),
                    .file("usr/newopq/.wh..wh..opq", ""),
                    .file("usr/newopq/sub/.wh.ghost", ""),
                    .file("usr/newopq/sub/f", "f\n"),
                ]))
        let merge = try fixture.merge([layer.commit])
        let listing = try OstreeListing(repo: fixture.repoPath, rev: merge.hex)
        let layerListing = try OstreeListing(repo: fixture.repoPath, rev: layer.commit.hex)
        #expect(listing["/usr/fresh"]?.checksum == layerListing["/usr/fresh"]?.checksum)
        #expect(
            listing.paths.filter { $0.hasPrefix("/usr/newopq") } == [
                "/usr/newopq", "/usr/newopq/sub", "/usr/newopq/sub/f",
            ])
        #expect(listing["/usr/bin/bash"] != nil)
        #expect(try Run.ostree("fsck", "--repo=\(fixture.repoPath)").contains("no errors found"))
    }

    @Test func emptyWhiteoutIsRefused() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let layer = try fixture.importLayer(try fixture.tar("layer.tar", [.file("usr/.wh.", "")]))
        let error = try #require(throws: ToolError.self) { try fixture.merge([layer.commit]) }
        #expect(error.description == "invalid empty whiteout /usr/.wh. in layer \(layer.commit)")
        #expect(try Run.ostree("fsck", "--repo=\(fixture.repoPath)").contains("no errors found"))
    }
}
