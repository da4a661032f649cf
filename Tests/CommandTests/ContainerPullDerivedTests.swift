import Foundation
import Shared
import Testing

/// Layered images: derived layers on top of an ostree base pull into a merge commit that shows their union,
/// with whiteouts applied and content outside /usr and /etc reported.
@Suite struct ContainerPullDerivedTests {
    static let derivedLayer: [TarEntries.Entry] = [
        .file("usr/bin/newtool", "new tool\n", mode: 0o755),
        .file("etc/motd", "derived motd\n"),
        .file("usr/lib/.wh.big.bin", ""),
        .directory("usr/share/doc"),
        .file("usr/share/doc/.wh..wh..opq", ""),
        .file("usr/share/doc/NEW", "only this\n"),
        .file("var/lib/x", "machine state\n"),
    ]

    @Test func derivedImageMergesOntoTheBase() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let layout = dir.sub("oci")
        _ = try ContainerPullTests.encapsulate(fixture, into: layout)
        try DerivedImage.write(layout: layout, base: "v1", tag: "derived", layers: [Self.derivedLayer], dir: dir)
        let repo = try dir.makeRepo("dest")
        let image = "ostree-unverified-image:oci:\(layout):derived"
        let pulled = try ContainerPullTests.pull(repo, image, ["--json"])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: pulled.stdout) as? [String: Any])
        #expect(report["filtered"] as? [String: Int] == ["var": 1])
        #expect(report["filtered_paths"] as? [String] == ["var/lib/x"])
        let merge = try #require(report["commit"] as? String)
        #expect(merge != fixture.checksum)

        let checkout = dir.sub("checkout")
        try Run.ostree("checkout", "--repo=\(repo)", "-U", merge, checkout)
        let manager = FileManager.default
        #expect(try String(contentsOfFile: "\(checkout)/usr/bin/newtool", encoding: .utf8) == "new tool\n")
        #expect(try String(contentsOfFile: "\(checkout)/usr/etc/motd", encoding: .utf8) == "derived motd\n")
        #expect(!manager.fileExists(atPath: "\(checkout)/usr/lib/big.bin"), "whiteout removed the base file")
        #expect(try manager.contentsOfDirectory(atPath: "\(checkout)/usr/share/doc") == ["NEW"], "opaque directory")
        #expect(!manager.fileExists(atPath: "\(checkout)/var/lib/x"))
        #expect(manager.fileExists(atPath: "\(checkout)/usr/bin/bash"), "base content stays")
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))

        let again = try JSONSerialization.jsonObject(with: ContainerPullTests.pull(repo, image, ["--json"]).stdout) as? [String: Any]
        #expect(again?["layers_fetched"] as? Int == 0 && again?["already_present"] as? Bool == true)

        try DerivedImage.write(
            layout: layout, base: "derived", tag: "derived2", layers: [[.file("usr/bin/another", "v2\n")]], dir: dir)
        let second = try JSONSerialization.jsonObject(
            with: ContainerPullTests.pull(repo, "ostree-unverified-image:oci:\(layout):derived2", ["--json"]).stdout) as? [String: Any]
        #expect(second?["layers_fetched"] as? Int == 1, "only the new layer is fetched")
        let merged = try #require(second?["commit"] as? String)
        #expect(try Run.ostree("cat", "--repo=\(repo)", merged, "/usr/bin/another") == "v2")
        #expect(try Run.ostree("cat", "--repo=\(repo)", merged, "/usr/bin/newtool") == "new tool")
    }

    @Test func imageWithoutOstreeLayersImportsAsDerivedLayers() throws {
        let dir = try TempDir()
        let layout = dir.sub("plain")
        try DerivedImage.write(layout: layout, base: nil, tag: "v1", layers: [
            [.file("usr/bin/hello", "hello\n", mode: 0o755), .file("etc/hostname", "box\n")],
            [.file("usr/bin/.wh.hello", ""), .file("usr/bin/world", "world\n")],
        ], dir: dir)
        let repo = try dir.makeRepo("dest")
        let pulled = try ContainerPullTests.pull(repo, "ostree-unverified-image:oci:\(layout):v1")
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let commit = String(pulled.trimmedStdout.dropFirst("Imported: ".count))
        let listing = try Run.ostree("ls", "-R", "--repo=\(repo)", commit)
        #expect(listing.contains("/usr/bin/world") && listing.contains("/usr/etc/hostname"))
        #expect(!listing.contains("/usr/bin/hello"))
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))
    }

    /// A layer listed twice (the same blob: `RUN` steps that wrote the same files) is fetched once, yet applied at
    /// both places: here its file, deleted by the layer between, is back on top.
    @Test func aRepeatedLayerIsFetchedOnceAndAppliedTwice() throws {
        let dir = try TempDir()
        let layout = dir.sub("plain")
        let tool: [TarEntries.Entry] = [.file("usr/bin/tool", "tool\n", mode: 0o755)]
        try DerivedImage.write(layout: layout, base: nil, tag: "v1", layers: [
            tool, [.file("usr/bin/.wh.tool", ""), .file("usr/bin/other", "other\n")], tool,
        ], dir: dir)
        let layers = try OCILayout(path: layout).manifest(tag: "v1").layers
        #expect(layers[0].digest == layers[2].digest)
        let repo = try dir.makeRepo("dest")
        let pulled = try ContainerPullTests.pull(repo, "ostree-unverified-image:oci:\(layout):v1", ["--json"])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: pulled.stdout) as? [String: Any])
        #expect(report["layers_fetched"] as? Int == 2 && report["layers_reused"] as? Int == 1)
        #expect(report["bytes_fetched"] as? Int == Int(layers[0].size + layers[1].size))
        let commit = try #require(report["commit"] as? String)
        #expect(try Run.ostree("cat", "--repo=\(repo)", commit, "/usr/bin/tool") == "tool")
        #expect(try Run.ostree("cat", "--repo=\(repo)", commit, "/usr/bin/other") == "other")
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))
    }

    @Test func hostileDerivedLayerIsRefused() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let layout = dir.sub("oci")
        _ = try ContainerPullTests.encapsulate(fixture, into: layout)
        try DerivedImage.write(layout: layout, base: "v1", tag: "evil", layers: [[.file("usr/../../etc/evil", "x")]], dir: dir)
        let repo = try dir.makeRepo("dest")
        let result = try ContainerPullTests.pull(repo, "ostree-unverified-image:oci:\(layout):evil")
        #expect(result.status == 1 && result.stderr.contains("usr/../../etc/evil"), "\(result.stderr)")
        #expect(!(try Run.ostree("refs", "--repo=\(repo)").contains("ostree/container/image")))
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))
    }
}
