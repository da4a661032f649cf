import Crypto
import Foundation
import Shared
import Testing

/// `import-commit --verify-remote`: GPG through libostree, ed25519 through our own verifier. A refused stream
/// writes nothing and moves no ref.
@Suite struct TarSignatureTests {
    @Test func gpgSignedCommitVerifiesWithTheRemoteKey() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let tar = try export(fixture, dir)
        let destination = try dir.makeRepo("dest")
        try fixture.gpg.addRemote("origin", to: destination)
        let result = try Run.checked(
            Run.binary("import-commit"), ["--repo=\(destination)", "--verify-remote=origin", "--ref=os", tar])
        #expect(result.trimmedStdout == "Imported: \(fixture.checksum)")
        #expect(try Run.ostree("rev-parse", "--repo=\(destination)", "os") == fixture.checksum)
        let state = try FileManager.default.contentsOfDirectory(atPath: "\(destination)/state")
        #expect(!state.contains { $0.hasSuffix(".commitpartial") }, "the commit is complete, not partial")
    }

    @Test func unknownRemoteIsRefused() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let destination = try dir.makeRepo("dest")
        try expectRefused(try export(fixture, dir), destination, remote: "nosuchremote",
                          message: "Remote \"nosuchremote\" not found")
    }

    @Test func remoteWithoutTheKeyIsRefused() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let destination = try dir.makeRepo("dest")
        try Run.ostree("remote", "add", "--repo=\(destination)", "--set=gpg-verify=true", "origin", "file:///nonexistent")
        try expectRefused(try export(fixture, dir), destination, remote: "origin", message: "public key not found")
    }

    @Test func strippedSignatureIsRefused() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        var tar = try TarEntries(reading: try export(fixture, dir))
        tar.entries.remove(at: try tar.index(endingWith: ".commitmeta"))
        let stripped = dir.sub("stripped.tar")
        try tar.write(to: stripped)
        let destination = try dir.makeRepo("dest")
        try fixture.gpg.addRemote("origin", to: destination)
        try expectRefused(stripped, destination, remote: "origin", message: "expected commitmeta object")
    }

    @Test func flippedSignatureByteIsRefused() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        var tar = try TarEntries(reading: try export(fixture, dir))
        let index = try tar.index(endingWith: ".commitmeta")
        tar.entries[index].data[tar.entries[index].data.count / 2] ^= 0x01
        let flipped = dir.sub("flipped.tar")
        try tar.write(to: flipped)
        let destination = try dir.makeRepo("dest")
        try fixture.gpg.addRemote("origin", to: destination)
        try expectRefused(flipped, destination, remote: "origin", message: "BAD signature")
    }

    @Test(arguments: ["key", "file"])
    func ed25519SignedCommitVerifies(keySource: String) throws {
        let dir = try TempDir()
        let signed = try Ed25519Fixture(dir: dir)
        let destination = try dir.makeRepo("dest")
        try signed.addRemote("origin", to: destination, publicKey: signed.key.publicKey, via: keySource)
        let result = try Run.checked(
            Run.binary("import-commit"), ["--repo=\(destination)", "--verify-remote=origin", "--ref=os", signed.tar])
        #expect(result.trimmedStdout == "Imported: \(signed.checksum)")
        #expect(try Run.ostree("fsck", "--repo=\(destination)").contains("no errors found"))
    }

    @Test func ed25519WithTheWrongKeyIsRefused() throws {
        let dir = try TempDir()
        let signed = try Ed25519Fixture(dir: dir)
        let destination = try dir.makeRepo("dest")
        let other = Curve25519.Signing.PrivateKey()
        try signed.addRemote("origin", to: destination, publicKey: other.publicKey, via: "key")
        try expectRefused(signed.tar, destination, remote: "origin", message: "does not verify with the keys of remote origin")
    }

    @Test func ed25519RemoteRefusesAnUnsignedCommit() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let destination = try dir.makeRepo("dest")
        let key = Curve25519.Signing.PrivateKey()
        try Ed25519Fixture.addRemote("origin", to: destination, publicKey: key.publicKey, via: "key", dir: dir)
        try expectRefused(try export(fixture, dir), destination, remote: "origin", message: "has no ed25519 signature")
    }

    private func export(_ fixture: FixtureCommit, _ dir: TempDir) throws -> String {
        let tar = dir.sub("export.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", tar, FixtureCommit.ref])
        return tar
    }

    private func expectRefused(
        _ tar: String, _ destination: String, remote: String, message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try Run.run(
            Run.binary("import-commit"), ["--repo=\(destination)", "--verify-remote=\(remote)", "--ref=os", tar])
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(message), "stderr: \(result.stderr)",
                sourceLocation: sourceLocation)
        #expect(try Run.ostree("refs", "--repo=\(destination)") == "", sourceLocation: sourceLocation)
        let objects = try FileManager.default.subpathsOfDirectory(atPath: "\(destination)/objects")
        #expect(!objects.contains { $0.hasSuffix(".commit") }, "no commit written", sourceLocation: sourceLocation)
        #expect(try Run.ostree("fsck", "--repo=\(destination)").contains("no errors found"), sourceLocation: sourceLocation)
    }
}

/// A commit signed with a fresh ed25519 key the way `ostree sign` does (detached metadata `ostree.sign.ed25519`,
/// `aay`, a 64-byte signature over the commit object bytes), exported to a tar.
struct Ed25519Fixture {
    let key = Curve25519.Signing.PrivateKey()
    let checksum: String
    let tar: String
    let dir: TempDir

    init(dir: TempDir) throws {
        self.dir = dir
        try dir.write("tree/usr/bin/tool", "signed tool\n", mode: 0o755)
        let source = try dir.makeRepo("signed-source")
        checksum = try Run.ostree("commit", "--repo=\(source)", "--branch=os", "--tree=dir=\(dir.sub("tree"))")
        let repo = try Repo(path: source)
        let commit = try #require(Checksum(hex: checksum))
        let signature = try key.signature(for: try repo.loadMetadataBytes(.commit, commit))
        let metadata = MetadataDictionary.serialize([Ed25519Verifier.metadataKey: .byteArrays([Array(signature)])])
        try repo.withTransaction { try $0.writeDetachedMetadata(of: commit, bytes: metadata) }
        tar = dir.sub("signed.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(source)", "-o", tar, "os"])
    }

    func addRemote(_ name: String, to repo: String, publicKey: Curve25519.Signing.PublicKey, via source: String) throws {
        try Self.addRemote(name, to: repo, publicKey: publicKey, via: source, dir: dir)
    }

    /// Adds a remote with GPG off and ed25519 on, the key given inline or in a keys file.
    static func addRemote(
        _ name: String, to repo: String, publicKey: Curve25519.Signing.PublicKey, via source: String, dir: TempDir
    ) throws {
        let encoded = publicKey.rawRepresentation.base64EncodedString()
        var options = ["--no-gpg-verify", "--set=sign-verify=true"]
        if source == "key" {
            options.append("--set=verification-ed25519-key=\(encoded)")
        } else {
            try dir.write("ed25519.keys", "# trusted keys\n\(encoded)\n")
            options.append("--set=verification-ed25519-file=\(dir.sub("ed25519.keys"))")
        }
        try Run.checked("ostree", ["remote", "add", "--repo=\(repo)"] + options + [name, "file:///nonexistent"])
    }
}
