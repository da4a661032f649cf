import Foundation
import Shared
import Testing

/// `ostree container-pull`: round trips through every transport we can run here, judged by the `ostree` CLI.
@Suite struct ContainerPullTests {
    /// Encapsulates the fixture into `oci:DIR:v1` and returns the image reference.
    static func encapsulate(_ fixture: FixtureCommit, into layout: String, _ extra: [String] = []) throws -> String {
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)"] + extra + [FixtureCommit.ref, "oci:\(layout):v1"])
        return "oci:\(layout):v1"
    }

    static func pull(_ repo: String, _ imgref: String, _ extra: [String] = []) throws -> RunResult {
        try Run.run(Run.binary("container-pull"), ["--repo=\(repo)"] + extra + [imgref])
    }

    /// The pulled commit equals the source commit, fsck is clean and the trees list identically.
    static func expectSameCommit(_ result: RunResult, _ fixture: FixtureCommit, in repo: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.trimmedStdout == "Imported: \(fixture.checksum)", sourceLocation: sourceLocation)
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"), sourceLocation: sourceLocation)
        #expect(try Run.ostree("ls", "-R", "-X", "--repo=\(repo)", fixture.checksum)
                == Run.ostree("ls", "-R", "-X", "--repo=\(fixture.repo)", fixture.checksum), sourceLocation: sourceLocation)
    }

    @Test(arguments: [false, true])
    func pullsFromAnOCILayout(singleLayer: Bool) throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try Self.encapsulate(fixture, into: dir.sub("oci"), singleLayer ? ["--single-layer"] : [])
        let repo = try dir.makeRepo("dest")
        try Self.expectSameCommit(try Self.pull(repo, "ostree-unverified-image:\(image)", ["--ref=os"]), fixture, in: repo)
        #expect(try Run.ostree("rev-parse", "--repo=\(repo)", "os") == fixture.checksum)
        let refs = try Run.ostree("refs", "--repo=\(repo)").split(separator: "\n")
        #expect(refs.contains { $0.hasPrefix("ostree/container/image/") })
        #expect(refs.filter { $0.hasPrefix("ostree/container/blob/") }.count == (singleLayer ? 1 : try OCILayout(path: dir.sub("oci")).manifest(tag: "v1").layers.count))
    }

    @Test func pullsFromAnOCIArchiveThroughSkopeo() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)", FixtureCommit.ref, "oci-archive:\(dir.sub("image.tar")):v1"])
        let repo = try dir.makeRepo("dest", mode: "archive")
        try Self.expectSameCommit(try Self.pull(repo, "ostree-unverified-image:oci-archive:\(dir.sub("image.tar")):v1"), fixture, in: repo)
    }

    @Test func pullsFromARegistryAsOCIAndDockerSchema2() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try Self.encapsulate(fixture, into: dir.sub("oci"))
        let registry = try LocalRegistry()
        defer { registry.stop() }
        try Run.checked("skopeo", ["copy", "--quiet", "--dest-tls-verify=false", image, "docker://\(registry.address)/os:oci"])
        try Run.checked("skopeo", ["copy", "--quiet", "--dest-tls-verify=false", "--format=v2s2", image, "docker://\(registry.address)/os:v2s2"])
        for tag in ["oci", "v2s2"] {
            let repo = try dir.makeRepo("dest-\(tag)")
            let result = try Self.pull(repo, "ostree-unverified-registry:\(registry.address)/os:\(tag)", ["--insecure-skip-tls-verification"])
            try Self.expectSameCommit(result, fixture, in: repo)
        }
    }

    @Test func pullsAZstdRecompressedCopy() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try Self.encapsulate(fixture, into: dir.sub("oci"))
        try Run.checked("skopeo", ["copy", "--quiet", "--dest-compress-format", "zstd", image, "oci:\(dir.sub("zstd")):v1"])
        let layers = try OCILayout(path: dir.sub("zstd")).manifest(tag: "v1").layers
        #expect(layers.allSatisfy { $0.mediaType == MediaType.ociLayerTarZstd })
        let repo = try dir.makeRepo("dest")
        try Self.expectSameCommit(try Self.pull(repo, "ostree-unverified-image:oci:\(dir.sub("zstd")):v1"), fixture, in: repo)
    }

    @Test func aBareReferenceNamesTheVerificationPrefixes() throws {
        let dir = try TempDir()
        let repo = try dir.makeRepo()
        let result = try Self.pull(repo, "oci:/nonexistent:v1")
        #expect(result.status == 1)
        #expect(result.stderr.contains("ostree-unverified-image:") && result.stderr.contains("ostree-remote-image:REMOTE:"))
    }

    @Test func anotherArchitectureNeedsArch() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try Self.encapsulate(fixture, into: dir.sub("oci"), ["--arch=arm64"])
        let repo = try dir.makeRepo("dest")
        let refused = try Self.pull(repo, "ostree-unverified-image:\(image)")
        #expect(refused.status == 1 && refused.stderr.contains("is for arm64"), "\(refused.stderr)")
        #expect(try Run.ostree("refs", "--repo=\(repo)").isEmpty, "refused before any layer was fetched")
        try Self.expectSameCommit(try Self.pull(repo, "ostree-unverified-image:\(image)", ["--arch=arm64"]), fixture, in: repo)
    }

    /// On a terminal the pull redraws one line (layers done, bytes of the total, rate) and ends with the summary;
    /// `--quiet` draws nothing. `script` gives the pull a terminal and prints what it wrote there.
    @Test func showsProgressOnATerminal() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try Self.encapsulate(fixture, into: dir.sub("oci"))
        let layers = try OCILayout(path: dir.sub("oci")).manifest(tag: "v1").layers
        let total = ByteCount.format(layers.reduce(0) { $0 + $1.size })
        for quiet in [false, true] {
            let repo = try dir.makeRepo(quiet ? "quiet" : "shown")
            let command = [Run.binary("container-pull"), "--repo=\(repo)"] + (quiet ? ["--quiet"] : [])
                + ["ostree-unverified-image:\(image)"]
            let shell = command.map { "'\($0)'" }.joined(separator: " ")
            let terminal = try Run.checked("script", ["-qefc", shell, "/dev/null"]).stdoutText
            #expect(terminal.contains("Imported: \(fixture.checksum)"), "\(terminal)")
            if quiet {
                #expect(!terminal.contains("Fetching") && !terminal.contains("\u{1B}[K"), "\(terminal)")
                #expect(!terminal.contains("Fetched"), "\(terminal)")
            } else {
                #expect(terminal.contains("\r\u{1B}[KFetching \(layers.count) of \(layers.count) layers: "), "\(terminal)")
                #expect(terminal.contains(" of \(total) ("), "\(terminal)")
                #expect(terminal.contains("Fetched \(layers.count) layers ("), "\(terminal)")
            }
        }
    }
}
