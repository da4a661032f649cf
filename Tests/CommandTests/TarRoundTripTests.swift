import Foundation
import Testing

/// export-commit → import-commit round trips, judged by the `ostree` CLI.
@Suite struct TarRoundTripTests {
    @Test(arguments: ["bare-user", "archive"])
    func roundTripKeepsCommitSignatureAndTree(destinationMode: String) throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let tar = dir.sub("export.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", tar, FixtureCommit.ref])

        let destination = try dir.makeRepo("dest", mode: destinationMode)
        let result = try Run.checked(
            Run.binary("import-commit"), ["--repo=\(destination)", "--ref=\(FixtureCommit.ref)", tar])
        #expect(result.trimmedStdout == "Imported: \(fixture.checksum)")

        #expect(try Run.ostree("rev-parse", "--repo=\(destination)", FixtureCommit.ref) == fixture.checksum)
        #expect(try Run.ostree("fsck", "--repo=\(destination)").contains("no errors found"))
        #expect(
            try Run.ostree("ls", "-R", "-X", "--repo=\(destination)", fixture.checksum)
                == Run.ostree("ls", "-R", "-X", "--repo=\(fixture.repo)", fixture.checksum))
        #expect(
            try Run.ostree(
                "show", "--repo=\(destination)", "--print-detached-metadata-key=\(FixtureCommit.detachedKey)",
                fixture.checksum) == "'\(FixtureCommit.detachedValue)'")
        try fixture.gpg.addRemote("origin", to: destination)
        let shown = try Run.ostree("show", "--repo=\(destination)", "--gpg-verify-remote=origin", fixture.checksum)
        #expect(shown.contains("Good signature"))
    }

    @Test(arguments: ["archive", "bare-user-only", "bare"])
    func exportsFromEveryRepoMode(sourceMode: String) throws {
        let dir = try TempDir()
        let tree = dir.sub("tree")
        try dir.write("tree/usr/bin/tool", "tool\n", mode: 0o755)
        try dir.write("tree/usr/etc/config", "x=1\n")
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/usr/bin/alias", withDestinationPath: "tool")
        let source = try dir.makeRepo("source", mode: sourceMode)
        let checksum = try Run.ostree("commit", "--repo=\(source)", "--branch=tip", "--tree=dir=\(tree)")
        let tar = dir.sub("export.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(source)", "tip"], stdoutFile: tar)
        let destination = try dir.makeRepo("dest")
        try Run.checked(Run.binary("import-commit"), ["--repo=\(destination)", "--ref=tip", tar])
        #expect(try Run.ostree("rev-parse", "--repo=\(destination)", "tip") == checksum)
        #expect(try Run.ostree("fsck", "--repo=\(destination)").contains("no errors found"))
    }

    @Test func exportIsByteReproducible() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", dir.sub("a.tar"), fixture.checksum])
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", FixtureCommit.ref], stdoutFile: dir.sub("b.tar"))
        let first = try Data(contentsOf: URL(fileURLWithPath: dir.sub("a.tar")))
        let second = try Data(contentsOf: URL(fileURLWithPath: dir.sub("b.tar")))
        #expect(!first.isEmpty)
        #expect(first == second)
    }

    /// The stream is itself a `bare-split-xattrs` repository: extracted with GNU tar, libostree reads it, so
    /// libostree (not our importer) judges every object, xattr link and symlink target.
    @Test func extractedStreamIsARepositoryLibostreeAccepts() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let tar = dir.sub("export.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", tar, FixtureCommit.ref])
        let root = dir.sub("extracted")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Run.checked("tar", ["-xpf", tar, "-C", root, "--same-owner", "--numeric-owner"])
        let repo = "\(root)/sysroot/ostree/repo"
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))
        #expect(
            try Run.ostree("ls", "-R", "-X", "--repo=\(repo)", fixture.checksum)
                == Run.ostree("ls", "-R", "-X", "--repo=\(fixture.repo)", fixture.checksum))
        // The checkout half: /usr/etc shows as /etc, hardlinks share the object, var/tmp once with mode 1777.
        let listing = try Run.checked("tar", ["-tvf", tar]).stdoutText.split(separator: "\n")
        #expect(listing.contains { $0.contains(" etc/motd link to sysroot/ostree/repo/objects/") })
        #expect(!listing.contains { $0.contains(" usr/etc/") })
        #expect(listing.filter { $0.hasSuffix(" var/tmp/") }.count == 1)
        #expect(listing.contains { $0.hasPrefix("drwxrwxrwt") && $0.hasSuffix(" var/tmp/") })
        #expect(listing.contains { $0.hasPrefix("-rw-r--r--") && $0.hasSuffix(" usr/lib/emptyfile") })
        #expect(Set(listing).count == listing.count, "no duplicate entries")
    }

    @Test func revisionFormsResolve() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        try dir.write("tree/usr/bin/new", "new\n")
        let second = try Run.ostree("commit", "--repo=\(fixture.repo)", "--branch=\(FixtureCommit.ref)", "--tree=dir=\(dir.sub("tree"))")
        for (rev, expected) in [("\(FixtureCommit.ref)^", fixture.checksum), (String(second.prefix(10)), second)] {
            let tar = dir.sub("rev.tar")
            try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", tar, rev])
            let destination = dir.sub("dest-\(expected.prefix(6))")
            try Run.ostree("init", "--repo=\(destination)", "--mode=bare-user")
            let imported = try Run.checked(Run.binary("import-commit"), ["--repo=\(destination)", "--json", "-"], stdin: tar)
            let report = try JSONSerialization.jsonObject(with: imported.stdout) as? [String: Any]
            #expect(report?["commit"] as? String == expected)
            #expect((report?["objects"] as? Int ?? 0) > 10)
        }
    }

    @Test func unknownRevisionFailsWithoutLeavingAFile() throws {
        let dir = try TempDir()
        let repo = try dir.makeRepo()
        let output = dir.sub("out.tar")
        let result = try Run.run(Run.binary("export-commit"), ["--repo=\(repo)", "-o", output, "no/such/ref"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: cannot resolve 'no/such/ref'"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// `ostree NAME` runs `ostree-NAME` (from /usr/libexec/libostree/ext, else PATH) with NAME as argv[1]. The
    /// links get names of their own so that an installed copy in the ext directory cannot stand in for the build.
    @Test func reachableThroughOstreeExtensionDispatch() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let bin = dir.sub("bin")
        let suffix = UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for name in ["export-commit", "import-commit"] {
            try FileManager.default.createSymbolicLink(
                atPath: "\(bin)/ostree-\(name)-\(suffix)", withDestinationPath: Run.binary(name))
        }
        let path = "\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")"
        let tar = dir.sub("x.tar")
        try Run.checked(
            "ostree", ["export-commit-\(suffix)", "--repo=\(fixture.repo)", "-o", tar, FixtureCommit.ref],
            environment: ["PATH": path])
        let destination = try dir.makeRepo("dest")
        let result = try Run.checked(
            "ostree", ["import-commit-\(suffix)", "--repo=\(destination)", tar], environment: ["PATH": path])
        #expect(result.trimmedStdout == "Imported: \(fixture.checksum)")
    }

    @Test(arguments: ["gzip", "zstd"])
    func importsCompressedStreams(compressor: String) throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let tar = dir.sub("x.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", tar, FixtureCommit.ref])
        try Run.checked(compressor, ["-q", "-k", tar])
        let compressed = tar + (compressor == "gzip" ? ".gz" : ".zst")
        let destination = try dir.makeRepo("dest")
        let result = try Run.checked(Run.binary("import-commit"), ["--repo=\(destination)", compressed])
        #expect(result.trimmedStdout == "Imported: \(fixture.checksum)")
        #expect(try Run.ostree("fsck", "--repo=\(destination)").contains("no errors found"))
    }
}
