import Foundation
import Shared
import Testing

/// `ostree container-image reexport`: images rebuilt from the image store, judged by `skopeo inspect` (manifest
/// digests) and by pulling them back (`ostree ls`, `ostree fsck`).
@Suite struct ImageReexportTests {
    static func reexport(_ repo: String, _ image: String, _ destination: String, _ extra: [String] = []) throws
        -> RunResult
    {
        try Run.run(Run.binary("container-image"), ["reexport", "--repo=\(repo)"] + extra + [image, destination])
    }

    /// The manifest digest skopeo reports for `image`.
    static func digest(_ image: String, _ extra: [String] = []) throws -> String {
        let output = try Run.checked("skopeo", ["inspect", "--raw"] + extra + [image]).stdout
        return Digest.sha256(Array(output)).description
    }

    /// The `--json` report of a reexport that must succeed.
    static func report(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        return try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], sourceLocation: sourceLocation)
    }

    /// Pulls `image` into a new repository of `mode` and returns the repository and the printed commit.
    static func pull(_ image: String, into dir: TempDir, _ name: String, mode: String = "bare-user") throws -> (
        repo: String, commit: String
    ) {
        let repo = try dir.makeRepo(name, mode: mode)
        let pulled = try ContainerPullTests.pull(repo, "ostree-unverified-image:\(image)")
        #expect(pulled.status == 0, "\(pulled.stderr)")
        return (repo, String(pulled.trimmedStdout.dropFirst("Imported: ".count)))
    }

    @Test(arguments: [("bare-user", false), ("archive", true)])
    func anEncapsulatedImageKeepsItsDigest(mode: String, singleLayer: Bool) throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try ContainerPullTests.encapsulate(
            fixture, into: dir.sub("oci"), singleLayer ? ["--single-layer"] : [])
        let original = try Self.digest(image)
        let store = try Self.pull(image, into: dir, "store", mode: mode)
        #expect(store.commit == fixture.checksum)

        let report = try Self.report(try Self.reexport(store.repo, image, "oci:\(dir.sub("out")):re", ["--json"]))
        #expect(report["digest"] as? String == original)
        #expect(report["stored_digest"] as? String == original)
        let layers = try #require(report["layers"] as? [[String: Any]])
        #expect(
            layers.count == (singleLayer ? 1 : try OCILayout(path: dir.sub("oci")).manifest(tag: "v1").layers.count))
        #expect(layers.allSatisfy { $0["identical"] as? Bool == true })
        #expect(layers.first?["kind"] as? String == "commit")
        #expect(try Self.digest("oci:\(dir.sub("out")):re") == original)

        let archive = try Self.reexport(
            store.repo, "ostree-unverified-image:\(image)", "oci-archive:\(dir.sub("out.tar")):re")
        #expect(archive.status == 0 && archive.trimmedStdout == original, "\(archive.stderr)")
        #expect(try Self.digest("oci-archive:\(dir.sub("out.tar")):re") == original)
    }

    @Test func aZstdImagePushedToARegistryKeepsItsDigest() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try ContainerPullTests.encapsulate(fixture, into: dir.sub("oci"), ["--compression=zstd"])
        let original = try Self.digest(image)
        let store = try Self.pull(image, into: dir, "store")
        let registry = try LocalRegistry()
        defer { registry.stop() }
        let destination = registry.reference("os:re")
        let pushed = try Self.reexport(store.repo, image, destination, ["--insecure-skip-tls-verification"])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(pushed.trimmedStdout == original)
        #expect(try Self.digest(destination, ["--tls-verify=false"]) == original)
        let layers = try OCILayout(path: dir.sub("oci")).manifest(tag: "v1").layers
        #expect(layers.allSatisfy { $0.mediaType == MediaType.ociLayerTarZstd })
    }

    @Test func aLayeredImageReexportsWithTheSameContent() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let layout = dir.sub("oci")
        _ = try ContainerPullTests.encapsulate(fixture, into: layout)
        try DerivedImage.write(
            layout: layout, base: "v1", tag: "derived", layers: [ContainerPullDerivedTests.derivedLayer], dir: dir)
        let image = "oci:\(layout):derived"
        let store = try Self.pull(image, into: dir, "store")

        let out = dir.sub("out")
        let report = try Self.report(try Self.reexport(store.repo, image, "oci:\(out):re", ["--json"]))
        let layers = try #require(report["layers"] as? [[String: Any]])
        #expect(layers.last?["kind"] as? String == "derived" && layers.last?["identical"] as? Bool == false)
        #expect(layers.dropLast().allSatisfy { $0["identical"] as? Bool == true })
        #expect(report["digest"] as? String != report["stored_digest"] as? String)

        let source = OCILayout(path: layout)
        let rebuilt = OCILayout(path: out)
        let (before, after) = (try source.config(tag: "derived"), try rebuilt.config(tag: "re"))
        #expect(after.config?.labels == before.config?.labels, "labels, ostree.final-diffid included, are kept")
        #expect(after.history == before.history)
        #expect(after.rootfs.diffIDs.count == before.rootfs.diffIDs.count, "diff IDs are replaced, not appended")
        #expect(after.rootfs.diffIDs.dropLast() == before.rootfs.diffIDs.dropLast())
        #expect(try rebuilt.manifest(tag: "re").annotations == source.manifest(tag: "derived").annotations)

        let again = try Self.pull("oci:\(out):re", into: dir, "again")
        #expect(
            try Run.ostree("ls", "-R", "-X", "--repo=\(again.repo)", again.commit)
                == Run.ostree("ls", "-R", "-X", "--repo=\(store.repo)", store.commit))
        #expect(try Run.ostree("fsck", "--repo=\(again.repo)").contains("no errors found"))
    }

    @Test func fastCompressionChangesTheBlobsNotTheCommit() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try ContainerPullTests.encapsulate(fixture, into: dir.sub("oci"))
        let store = try Self.pull(image, into: dir, "store")
        let result = try Self.reexport(store.repo, image, "oci:\(dir.sub("fast")):re", ["--compression-fast"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.trimmedStdout != (try Self.digest(image)))
        #expect(try Self.pull("oci:\(dir.sub("fast")):re", into: dir, "again").commit == fixture.checksum)
    }

    @Test func missingImagesAndLayersAreOneLineErrors() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try ContainerPullTests.encapsulate(fixture, into: dir.sub("oci"))
        let store = try Self.pull(image, into: dir, "store")

        let unknown = try Self.reexport(store.repo, "oci:\(dir.sub("nothing")):v1", "oci:\(dir.sub("out")):re")
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr == "error: image oci:\(dir.sub("nothing")):v1 is not in the image store of \(store.repo)\n")

        let layer = try #require(try OCILayout(path: dir.sub("oci")).manifest(tag: "v1").layers.last)
        try Run.ostree("refs", "--repo=\(store.repo)", "--delete", try StoreRefs.layer(layer.digest))
        let missing = try Self.reexport(store.repo, image, "oci:\(dir.sub("out")):re")
        #expect(missing.status == 1)
        #expect(
            missing.stderr.hasPrefix("error: layer \(layer.digest) of image \(image) is not in the store"),
            "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.sub("out")), "a failed reexport leaves no layout behind")
    }
}
