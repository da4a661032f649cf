import Crypto
import Foundation
import Shared
import Testing

/// Signature policies of `ostree-remote-image:`: the commit's signature must verify with the remote's keys before
/// any ref moves.
@Suite struct ContainerPullVerificationTests {
    @Test func gpgSignedImageVerifiesWithTheRemoteKey() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try ContainerPullTests.encapsulate(fixture, into: dir.sub("oci"))
        let repo = try dir.makeRepo("dest")
        try fixture.gpg.addRemote("origin", to: repo)
        try ContainerPullTests.expectSameCommit(try ContainerPullTests.pull(repo, "ostree-remote-image:origin:\(image)"), fixture, in: repo)
    }

    @Test func remoteWithoutTheKeyRefusesThePull() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let image = try ContainerPullTests.encapsulate(fixture, into: dir.sub("oci"))
        let repo = try dir.makeRepo("dest")
        try Run.ostree("remote", "add", "--repo=\(repo)", "--set=gpg-verify=true", "origin", "file:///nonexistent")
        try expectRefused(try ContainerPullTests.pull(repo, "ostree-remote-image:origin:\(image)"), "public key not found", repo: repo, commit: fixture.checksum)
    }

    @Test func imageWithoutTheSignatureIsRefused() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let hex = fixture.checksum
        try FileManager.default.removeItem(atPath: "\(fixture.repo)/objects/\(hex.prefix(2))/\(hex.dropFirst(2)).commitmeta")
        let image = try ContainerPullTests.encapsulate(fixture, into: dir.sub("oci"))
        let repo = try dir.makeRepo("dest")
        try fixture.gpg.addRemote("origin", to: repo)
        try expectRefused(try ContainerPullTests.pull(repo, "ostree-remote-image:origin:\(image)"), "expected commitmeta object", repo: repo, commit: fixture.checksum)
    }

    @Test func ed25519SignedImageVerifiesAndAWrongKeyRefuses() throws {
        let dir = try TempDir()
        let signed = try Ed25519Fixture(dir: dir)
        let layout = dir.sub("oci")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(dir.sub("signed-source"))", "os", "oci:\(layout):v1"])
        let good = try dir.makeRepo("good")
        try signed.addRemote("origin", to: good, publicKey: signed.key.publicKey, via: "key")
        let pulled = try ContainerPullTests.pull(good, "ostree-remote-image:origin:oci:\(layout):v1")
        #expect(pulled.trimmedStdout == "Imported: \(signed.checksum)", "\(pulled.stderr)")
        let bad = try dir.makeRepo("bad")
        try signed.addRemote("origin", to: bad, publicKey: Curve25519.Signing.PrivateKey().publicKey, via: "key")
        try expectRefused(try ContainerPullTests.pull(bad, "ostree-remote-image:origin:oci:\(layout):v1"), "does not verify", repo: bad, commit: signed.checksum)
    }

    /// The pull failed with `message`; no image ref, the signed commit absent (layer objects may stay cached), fsck
    /// clean.
    private func expectRefused(
        _ result: RunResult, _ message: String, repo: String, commit: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(!(try Run.ostree("refs", "--repo=\(repo)").contains("ostree/container/image")), sourceLocation: sourceLocation)
        #expect(try Run.run("ostree", ["show", "--repo=\(repo)", commit]).status != 0, "the commit was not written",
                sourceLocation: sourceLocation)
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"), sourceLocation: sourceLocation)
    }
}
