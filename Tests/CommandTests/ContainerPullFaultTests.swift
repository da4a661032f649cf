import Foundation
import Shared
import Testing

/// Damaged images, dead registries and killed pulls: a clear error (or a dead process), refs as they were,
/// `ostree fsck` clean, and the next pull of a good image succeeds.
@Suite struct ContainerPullFaultTests {
    struct Damage: Sendable, CustomTestStringConvertible {
        let name: String
        let message: String
        let apply: @Sendable (String) throws -> Void
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(name: "flipped byte", message: "digest") { path in
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            data[data.count / 2] ^= 0x01
            try data.write(to: URL(fileURLWithPath: path))
        },
        Damage(name: "truncated blob", message: "truncated") { path in
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        },
        Damage(name: "missing blob", message: "sha256:") { path in
            try FileManager.default.removeItem(atPath: path)
        },
    ]

    @Test(arguments: damages)
    func damagedLayerIsRefusedAndChangesNothing(_ damage: Damage) throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try ContainerPullTests.encapsulate(fixture, into: dir.sub("oci"))
        let layout = OCILayout(path: dir.sub("oci"))
        let layer = try #require(try layout.manifest(tag: "v1").layers.max { $0.size < $1.size })
        let blob = layout.blobPath(layer.digest)
        let original = try Data(contentsOf: URL(fileURLWithPath: blob))
        try damage.apply(blob)

        let repo = try dir.makeRepo("dest")
        let result = try ContainerPullTests.pull(repo, "ostree-unverified-image:\(image)", ["--ref=os"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(layer.digest.description), "\(result.stderr)")
        #expect(result.stderr.contains(damage.message), "\(result.stderr)")
        let refs = try Run.ostree("refs", "--repo=\(repo)")
        #expect(!refs.contains("ostree/container/image") && !refs.contains("os\n") && refs != "os")
        #expect(!refs.contains(try StoreRefs.layer(layer.digest)))
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))

        try original.write(to: URL(fileURLWithPath: blob))
        try ContainerPullTests.expectSameCommit(try ContainerPullTests.pull(repo, "ostree-unverified-image:\(image)"), fixture, in: repo)
    }

    @Test func stoppedRegistryIsAOneLineError() throws {
        let dir = try TempDir()
        let registry = try LocalRegistry()
        let address = registry.address
        registry.stop()
        let repo = try dir.makeRepo()
        let result = try ContainerPullTests.pull(repo, "ostree-unverified-registry:\(address)/os:v1", ["--insecure-skip-tls-verification"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(address), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try Run.ostree("refs", "--repo=\(repo)").isEmpty)
    }

    /// The registry goes away while layers stream: a one-line error, no image ref, fsck clean; the same image
    /// pulled from another registry afterwards reuses the layers the failed pull finished.
    @Test func registryStoppedMidPull() throws {
        let dir = try TempDir()
        let (layout, commit) = try Self.largeImage(dir)
        let registry = try LocalRegistry()
        defer { registry.stop() }
        let remote = try registry.push("oci:\(layout):v1", as: "os:v1")
        let repo = try dir.makeRepo("dest")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Run.binary("container-pull"))
        process.arguments = ["--repo=\(repo)", "--quiet", "--insecure-skip-tls-verification", "ostree-unverified-image:\(remote)"]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        try Self.waitForFirstLayerRef(repo, while: process)
        #expect(process.isRunning, "the pull must still be running when the registry stops")
        registry.stop()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(stderr.hasPrefix("error: ") && stderr.split(separator: "\n").count == 1, "\(stderr)")
        #expect(!(try Run.ostree("refs", "--repo=\(repo)").contains("ostree/container/image")))
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))

        let another = try LocalRegistry()
        defer { another.stop() }
        let moved = try another.push("oci:\(layout):v1", as: "os:v1")
        let again = try ContainerPullTests.pull(repo, "ostree-unverified-image:\(moved)", ["--json", "--insecure-skip-tls-verification"])
        #expect(again.status == 0, "\(again.stderr)")
        let report = try JSONSerialization.jsonObject(with: again.stdout) as? [String: Any]
        #expect(report?["commit"] as? String == commit)
        #expect((report?["layers_reused"] as? Int ?? 0) >= 1)
    }

    /// An uncompressed image of three 40 MB layers (random data), so that a pull takes long enough to interrupt.
    static func largeImage(_ dir: TempDir) throws -> (layout: String, commit: String) {
        let tree = dir.sub("tree")
        for name in ["a", "b", "c"] {
            try FileManager.default.createDirectory(atPath: "\(tree)/usr/share/\(name)", withIntermediateDirectories: true)
            try Run.checked("head", ["-c", "40000000", "/dev/urandom"], stdoutFile: "\(tree)/usr/share/\(name)/data.bin")
        }
        let source = try dir.makeRepo("source")
        let commit = try Run.ostree("commit", "--repo=\(source)", "--branch=os", "--tree=dir=\(tree)")
        let layout = dir.sub("oci")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(source)", "--compression=none", "os", "oci:\(layout):v1"])
        #expect(try OCILayout(path: layout).manifest(tag: "v1").layers.count >= 3)
        return (layout, commit)
    }

    /// Waits (at most a minute) until the pull has recorded its first layer ref, or has ended.
    static func waitForFirstLayerRef(_ repo: String, while process: Process) throws {
        let blobRefs = "\(repo)/refs/heads/ostree/container/blob"
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline,
            ((try? FileManager.default.contentsOfDirectory(atPath: blobRefs)) ?? []).isEmpty
        {
            usleep(2000)
        }
    }

    /// SIGKILL while layers are being imported: the image ref never appears, fsck stays clean, and the next pull
    /// finishes, reusing the layers the killed one completed.
    @Test func killedPullLeavesARepositoryThatPullsAgain() throws {
        let dir = try TempDir()
        let (layout, commit) = try Self.largeImage(dir)
        let repo = try dir.makeRepo("dest")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Run.binary("container-pull"))
        process.arguments = ["--repo=\(repo)", "--quiet", "ostree-unverified-image:oci:\(layout):v1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try Self.waitForFirstLayerRef(repo, while: process)
        #expect(process.isRunning, "the pull must still be running when it is killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(!(try Run.ostree("refs", "--repo=\(repo)").contains("ostree/container/image")))
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))

        let again = try ContainerPullTests.pull(repo, "ostree-unverified-image:oci:\(layout):v1", ["--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let report = try JSONSerialization.jsonObject(with: again.stdout) as? [String: Any]
        #expect(report?["commit"] as? String == commit)
        #expect((report?["layers_reused"] as? Int ?? 0) >= 1, "the killed pull's finished layers are reused")
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))
    }
}
