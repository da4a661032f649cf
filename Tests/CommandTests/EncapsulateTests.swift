import Foundation
import Shared
import Testing

/// `ostree container-encapsulate`, judged by skopeo, umoci, libostree and our importer.
@Suite struct EncapsulateTests {
    /// A fixture commit with the metadata ostree-ext turns into labels and the config's Cmd.
    static func bootableFixture(_ dir: TempDir) throws -> FixtureCommit {
        let fixture = try FixtureCommit(dir: dir)
        try Run.ostree(
            "commit", "--repo=\(fixture.repo)", "--branch=\(FixtureCommit.ref)", "--tree=ref=\(FixtureCommit.ref)",
            "--add-metadata=ostree.bootable=true", "--add-metadata=ostree.container-cmd=['/usr/bin/bash']",
            "--add-metadata-string=version=42.0", "--add-metadata-string=buildsys.checksum=41af286dc0b172ed2f1ca934fd2278de4a1192302ffa07087cea2682e7d372e3",
            "--subject=", "--timestamp=1997-08-29T18:30:42Z")
        return fixture
    }

    @Test func imageCarriesLabelsConfigAndTheCommit() throws {
        let dir = try TempDir()
        let fixture = try Self.bootableFixture(dir)
        let commit = try Run.ostree("rev-parse", "--repo=\(fixture.repo)", FixtureCommit.ref)
        let layout = dir.sub("oci")
        let digest = try Run.checked(Run.binary("container-encapsulate"), [
            "--repo=\(fixture.repo)", "--label", "foo=bar", "--label=test=value", "--copymeta=buildsys.checksum",
            FixtureCommit.ref, "oci:\(layout):v1",
        ]).trimmedStdout
        let inspect = try JSONSerialization.jsonObject(with: Run.checked("skopeo", ["inspect", "oci:\(layout):v1"]).stdout) as? [String: Any]
        #expect(inspect?["Digest"] as? String == digest)
        let labels = inspect?["Labels"] as? [String: String] ?? [:]
        #expect(labels["foo"] == "bar" && labels["test"] == "value")
        #expect(labels["buildsys.checksum"] == "41af286dc0b172ed2f1ca934fd2278de4a1192302ffa07087cea2682e7d372e3")
        #expect(labels["org.opencontainers.image.version"] == "42.0" && labels["version"] == nil)
        #expect(labels["ostree.bootable"] == "true" && labels["containers.bootc"] == "1")
        #expect(labels["ostree.commit"] == commit)

        let oci = OCILayout(path: layout)
        let config = try oci.config(tag: "v1")
        let manifest = try oci.manifest(tag: "v1")
        #expect(config.created == "1997-08-29T18:30:42Z")
        #expect(config.config?.cmd == ["/usr/bin/bash"])
        #expect(config.rootfs.diffIDs.count == manifest.layers.count)
        #expect(config.history?.count == manifest.layers.count)
        #expect(config.history?.first?.createdBy == "ostree export of commit \(commit)")
        #expect(labels["ostree.final-diffid"] == config.rootfs.diffIDs.last?.description)
        #expect(manifest.annotations?["ostree.commit"] == commit)
        #expect(manifest.layers.dropFirst().allSatisfy { $0.annotations?["ostree.components"] != nil })
    }

    /// umoci verifies every digest while unpacking; the rootfs must be the commit's checkout with /usr/etc as /etc.
    @Test(arguments: [false, true])
    func unpackedRootfsIsTheCommitCheckout(singleLayer: Bool) throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let layout = dir.sub("oci")
        try Run.checked(Run.binary("container-encapsulate"),
                        ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci:\(layout):v1"] + (singleLayer ? ["--single-layer"] : []))
        let layers = try OCILayout(path: layout).manifest(tag: "v1").layers.count
        #expect(singleLayer ? layers == 1 : layers > 1)
        try Run.checked("umoci", ["unpack", "--image", "\(layout):v1", dir.sub("bundle")])
        let checkout = dir.sub("checkout")
        try Run.ostree("checkout", "--repo=\(fixture.repo)", FixtureCommit.ref, checkout)
        try FileManager.default.moveItem(atPath: "\(checkout)/usr/etc", toPath: "\(checkout)/etc")
        let rootfs = dir.sub("bundle/rootfs")
        try FileManager.default.removeItem(atPath: "\(rootfs)/sysroot")
        try? FileManager.default.removeItem(atPath: "\(checkout)/sysroot")
        let compared = try Run.run("diff", ["-r", "--no-dereference", checkout, rootfs])
        #expect(compared.status == 0, "\(compared.stdoutText)")
        #expect(try modes(checkout) == modes(rootfs))
    }

    @Test func sameCommitAndOptionsGiveTheSameDigest() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        var digests: Set<String> = []
        for name in ["a", "b"] {
            digests.insert(try Run.checked(Run.binary("container-encapsulate"),
                                           ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci:\(dir.sub(name))"]).trimmedStdout)
        }
        #expect(digests.count == 1)
    }

    /// Layer 0 starts with the v1 skeleton and carries the commit; the union of the layers' objects is exactly
    /// the commit's object set: imported layer by layer into a fresh repo, it gives the same commit, fsck-clean.
    @Test func layersTogetherCarryExactlyTheCommit() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let layout = dir.sub("oci")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci:\(layout):v1"])
        let oci = OCILayout(path: layout)
        let manifest = try oci.manifest(tag: "v1")
        let first = try Run.checked("tar", ["-tzf", oci.blobPath(manifest.layers[0].digest)]).stdoutText.split(separator: "\n")
        #expect(Array(first.prefix(5)) == ["./", "sysroot/", "sysroot/ostree/", "sysroot/ostree/repo/", "sysroot/ostree/repo/objects/"])
        #expect(first.contains { $0.hasSuffix(".commit") })

        let destination = try Repo.create(at: dir.sub("dest"), mode: .bareUser)
        var objects: [Checksum] = []
        for layer in manifest.layers.dropFirst() {
            let fd = open(oci.blobPath(layer.digest), O_RDONLY)
            defer { close(fd) }
            objects += try CommitImporter.importObjectSet(TarReader(fileDescriptor: fd, source: layer.digest.description), into: destination)
        }
        let fd = open(oci.blobPath(manifest.layers[0].digest), O_RDONLY)
        defer { close(fd) }
        let result = try CommitImporter.importStream(TarReader(fileDescriptor: fd, source: "layer 0"), into: destination)
        #expect(result.commit.hex == fixture.checksum)
        #expect(try Run.ostree("fsck", "--repo=\(dir.sub("dest"))").contains("no errors found"))
        let inventory = try ContentInventory(repo: Repo(path: fixture.repo), commit: result.commit)
        #expect(Set(objects).isSubset(of: Set(inventory.objects.map(\.checksum))))
        #expect(Set(objects).count == objects.count, "no object in two layers")
    }

    @Test func ociArchiveReadsBackWithSkopeo() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let archive = dir.sub("image.ociarchive")
        let digest = try Run.checked(Run.binary("container-encapsulate"),
                                     ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci-archive:\(archive):latest"]).trimmedStdout
        try Run.checked("skopeo", ["copy", "--quiet", "oci-archive:\(archive):latest", "oci:\(dir.sub("copy")):latest"])
        let inspect = try JSONSerialization.jsonObject(with: Run.checked("skopeo", ["inspect", "oci:\(dir.sub("copy")):latest"]).stdout) as? [String: Any]
        #expect(inspect?["Digest"] as? String == digest)
    }

    @Test func aSecondTagKeepsTheFirst() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let layout = dir.sub("oci")
        let first = try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci:\(layout):v1"]).trimmedStdout
        let second = try Run.checked(Run.binary("container-encapsulate"),
                                     ["--repo=\(fixture.repo)", "--label=x=y", FixtureCommit.ref, "oci:\(layout):v2"]).trimmedStdout
        let entries = try OCILayout(path: layout).index().manifests
        #expect(Set(entries.map { $0.annotations?[Index.refNameAnnotation] ?? "" }) == ["v1", "v2"])
        #expect(Set(entries.map(\.digest.description)) == [first, second])
    }

    struct BadInvocation: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let message: String
        var testDescription: String { message }
    }

    @Test(arguments: [
        BadInvocation(arguments: ["no/such/ref"], message: "cannot resolve 'no/such/ref'"),
        BadInvocation(arguments: ["--copymeta=nope", FixtureCommit.ref], message: "has no metadata key 'nope'"),
        BadInvocation(arguments: ["--copymeta=ostree.bootable", FixtureCommit.ref], message: "is not a string"),
        BadInvocation(arguments: ["--label=novalue", FixtureCommit.ref], message: "Missing '='"),
    ])
    func badInvocationsFailWithOneLineAndLeaveTheLayoutAlone(_ bad: BadInvocation) throws {
        let dir = try TempDir()
        let fixture = try Self.bootableFixture(dir)
        let layout = dir.sub("oci")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci:\(layout):v1"])
        let before = try Data(contentsOf: URL(fileURLWithPath: "\(layout)/index.json"))
        let blobs = try OCILayout(path: layout).blobNames()
        let result = try Run.run(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)"] + bad.arguments + ["oci:\(layout):v2"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(bad.message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(layout)/index.json")) == before)
        #expect(try OCILayout(path: layout).blobNames() == blobs)
    }

    /// A failure while layers are being written (a content object missing from the source repository) leaves
    /// an existing layout exactly as it was.
    @Test func failureMidWriteLeavesNoPartialLayout() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let layout = dir.sub("oci")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci:\(layout):v1"])
        let before = try Data(contentsOf: URL(fileURLWithPath: "\(layout)/index.json"))
        let blobs = try OCILayout(path: layout).blobNames()
        try dir.write("tree/usr/lib/another", "another file\n")
        try Run.ostree("commit", "--repo=\(fixture.repo)", "--branch=broken", "--tree=dir=\(dir.sub("tree"))")
        let bash = try Run.ostree("ls", "--repo=\(fixture.repo)", "-C", "broken", "/usr/lib/big.bin").split(separator: " ").filter { $0.count == 64 }.first ?? ""
        try FileManager.default.removeItem(atPath: "\(fixture.repo)/objects/\(bash.prefix(2))/\(bash.dropFirst(2)).file")
        let result = try Run.run(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)", "broken", "oci:\(layout):v2"])
        #expect(result.status == 1 && result.stderr.contains(String(bash)), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(layout)/index.json")) == before)
        #expect(try OCILayout(path: layout).blobNames() == blobs)
    }

    @Test func unwritableDestinationFails() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        try dir.write("plainfile", "x")
        let result = try Run.run(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci:\(dir.sub("plainfile")):v1"])
        #expect(result.status == 1 && result.stderr.contains("is not a directory"), "\(result.stderr)")
    }

    /// `find -printf` of type, mode and path (modes and symlinks, which `diff -r` does not compare).
    private func modes(_ root: String) throws -> [String] {
        try Run.checked("find", [root, "-mindepth", "1", "-printf", "%y %m %P\n"]).stdoutText.split(separator: "\n").map(String.init).sorted()
    }
}

/// Pushing through skopeo to a real registry on 127.0.0.1.
@Suite struct EncapsulateRegistryTests {
    @Test func pushesToARegistryAndTheLabelsArrive() throws {
        let dir = try TempDir()
        let fixture = try EncapsulateTests.bootableFixture(dir)
        let registry = try LocalRegistry()
        defer { registry.stop() }
        let destination = "registry:\(registry.address)/exampleos:v1"
        let digest = try Run.checked(Run.binary("container-encapsulate"), [
            "--repo=\(fixture.repo)", "--insecure-skip-tls-verification", "--label=pushed=yes", FixtureCommit.ref, destination,
        ]).trimmedStdout
        #expect(digest.hasPrefix("sha256:") && digest.count == 71)
        let inspect = try JSONSerialization.jsonObject(with: Run.checked("skopeo", [
            "inspect", "--tls-verify=false", "docker://\(registry.address)/exampleos:v1",
        ]).stdout) as? [String: Any]
        #expect(inspect?["Digest"] as? String == digest)
        let labels = inspect?["Labels"] as? [String: String] ?? [:]
        #expect(labels["pushed"] == "yes")
        #expect(labels["ostree.commit"] == (try Run.ostree("rev-parse", "--repo=\(fixture.repo)", FixtureCommit.ref)))
    }

    @Test func aRegistryThatRefusesThePushIsAOneLineError() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let registry = try LocalRegistry()
        let address = registry.address
        registry.stop()
        let result = try Run.run(Run.binary("container-encapsulate"), [
            "--repo=\(fixture.repo)", "--insecure-skip-tls-verification", FixtureCommit.ref, "docker://\(address)/x:v1",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: pushing to docker://\(address)/x:v1 failed"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
