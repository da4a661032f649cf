import Foundation
import Shared
import Testing

/// End-to-end tests of `ostree commit-diff` (the `diff` binary) on commits made by the real `ostree` CLI, judged
/// against upstream `ostree diff` for file paths and asserted explicitly for our directory semantics.
@Suite struct CommitDiffTests {
    /// base: /etc/motd, /usr/bin/{a,gone}, /usr/lib/old/{x,sub/y}; v2 edits motd, adds /usr/bin/new and the
    /// directory /usr/share, removes /usr/bin/gone and the directory /usr/lib/old.
    static func makeBaseAndV2(mode: String = "bare-user") throws -> DiffFixture {
        let fixture = try DiffFixture(mode: mode)
        try fixture.write("etc/motd", "hello")
        try fixture.write("usr/bin/a", "a", mode: 0o755)
        try fixture.write("usr/bin/gone", "gone")
        try fixture.write("usr/lib/old/x", "x")
        try fixture.write("usr/lib/old/sub/y", "y")
        try fixture.commit()
        try fixture.write("etc/motd", "hello again")
        try fixture.write("usr/bin/new", "new")
        try fixture.write("usr/share/doc/readme", "doc")
        try fixture.remove("usr/bin/gone")
        try fixture.remove("usr/lib/old")
        try fixture.commit()
        return fixture
    }

    @Test(arguments: ["bare-user", "archive"])
    func addedRemovedAndChangedFilesAndDirectories(mode: String) throws {
        let fixture = try Self.makeBaseAndV2(mode: mode)
        #expect(
            try fixture.lines("tip^", "tip") == [
                "M    /etc/motd",
                "D    /usr/bin/gone",
                "A    /usr/bin/new",
                "D    /usr/lib/old/",
                "A    /usr/share/",
            ])
        let diff = try fixture.json("tip^", "tip")
        #expect(
            diff
                == TreeDiff(
                    addedFiles: ["/usr/bin/new"], addedDirs: ["/usr/share"], removedFiles: ["/usr/bin/gone"],
                    removedDirs: ["/usr/lib/old"], changedFiles: ["/etc/motd"]))
        try fixture.expectUpstreamAgrees(with: diff)
    }

    @Test func jsonIsOneCompactObjectWithSortedKeys() throws {
        let fixture = try Self.makeBaseAndV2()
        let result = try fixture.run("--json", "tip^", "tip")
        #expect(result.status == 0)
        #expect(
            result.stdoutText
                == #"{"added_dirs":["/usr/share"],"added_files":["/usr/bin/new"],"changed_dirs":[],"#
                + #""changed_files":["/etc/motd"],"removed_dirs":["/usr/lib/old"],"removed_files":["/usr/bin/gone"],"#
                + #""subdir":null}"# + "\n")
    }

    @Test func statPrintsOnlyCounts() throws {
        let fixture = try Self.makeBaseAndV2()
        #expect(
            try fixture.lines("--stat", "tip^", "tip") == [
                "files(added:1 removed:1 changed:1) dirs(added:1 removed:1 changed:0)"
            ])
    }

    @Test func modeOnlyChangesOfFilesAndDirectories() throws {
        let fixture = try DiffFixture()
        try fixture.write("usr/bin/tool", "same bytes")
        try fixture.write("etc/conf", "same bytes")
        try fixture.commit()
        try fixture.chmod("usr/bin/tool", 0o755)
        try fixture.chmod("etc", 0o700)
        try fixture.commit()
        #expect(try fixture.lines("tip^", "tip") == ["M    /etc/", "M    /usr/bin/tool"])
        let diff = try fixture.json("tip^", "tip")
        #expect(diff == TreeDiff(changedFiles: ["/usr/bin/tool"], changedDirs: ["/etc"]))
        try fixture.expectUpstreamAgrees(with: diff)
    }

    @Test(arguments: ["bare-user", "archive"])
    func xattrOnlyChangesOfFilesAndDirectories(mode: String) throws {
        let fixture = try DiffFixture(mode: mode)
        try fixture.write("usr/lib/lib.so", "code")
        try fixture.write("var/data/file", "data")
        try fixture.commit()
        try fixture.setXattr("usr/lib/lib.so", "user.label", "one")
        try fixture.setXattr("var/data", "user.label", "two")
        try fixture.commit()
        let xattrs = try Run.ostree("ls", "-X", "--repo=\(fixture.repo)", "tip", "/usr/lib/lib.so")
        #expect(xattrs.contains("user.label"), "the fixture's xattr did not reach the commit: \(xattrs)")
        let diff = try fixture.json("tip^", "tip")
        #expect(diff == TreeDiff(changedFiles: ["/usr/lib/lib.so"], changedDirs: ["/var/data"]))
        try fixture.expectUpstreamAgrees(with: diff)
    }

    @Test func ownerChangeMarksEveryFileAndDirectoryButTheRoot() throws {
        let fixture = try DiffFixture()
        try fixture.write("h", "h")
        try fixture.write("a/f", "f")
        try fixture.write("a/b/g", "g")
        try fixture.commit()
        try fixture.commit("--owner-uid=1234", "--owner-gid=1234")
        let diff = try fixture.json("tip^", "tip")
        #expect(diff == TreeDiff(changedFiles: ["/a/b/g", "/a/f", "/h"], changedDirs: ["/a", "/a/b"]))
        try fixture.expectUpstreamAgrees(with: diff)
    }

    @Test func symlinkRetargetIsAChangedFile() throws {
        let fixture = try DiffFixture()
        try fixture.write("usr/bin/python3.11", "py")
        try fixture.write("usr/bin/python3.12", "py")
        try fixture.symlink("usr/bin/python3", to: "python3.11")
        try fixture.commit()
        try fixture.symlink("usr/bin/python3", to: "python3.12")
        try fixture.commit()
        #expect(try fixture.lines("tip^", "tip") == ["M    /usr/bin/python3"])
        try fixture.expectUpstreamAgrees(with: try fixture.json("tip^", "tip"))
    }

    @Test func typeChangesAreRemovedPlusAddedInBothDirections() throws {
        let fixture = try DiffFixture()
        try fixture.write("usr/lib/was-file", "file")
        try fixture.write("usr/lib/was-dir/inner/deep", "deep")
        try fixture.commit()
        try fixture.remove("usr/lib/was-file")
        try fixture.remove("usr/lib/was-dir")
        try fixture.write("usr/lib/was-file/child", "child")
        try fixture.write("usr/lib/was-dir", "now a file")
        try fixture.commit()
        #expect(
            try fixture.lines("tip^", "tip") == [
                "D    /usr/lib/was-dir/",
                "A    /usr/lib/was-dir",
                "D    /usr/lib/was-file",
                "A    /usr/lib/was-file/",
            ])
        try fixture.expectUpstreamAgrees(with: try fixture.json("tip^", "tip"))
    }

    @Test func identicalTreesPrintNothingAndExitZero() throws {
        let fixture = try DiffFixture()
        try fixture.write("usr/bin/a", "a")
        let first = try fixture.commit()
        let second = try fixture.commit("-s", "same tree, new commit")
        #expect(first != second)
        #expect(try fixture.lines("tip^", "tip").isEmpty)
        #expect(try fixture.lines("tip", "tip").isEmpty)
        #expect(try fixture.json("tip^", "tip") == TreeDiff())
        #expect(
            try fixture.lines("--stat", "tip^", "tip") == [
                "files(added:0 removed:0 changed:0) dirs(added:0 removed:0 changed:0)"
            ])
        #expect(try Run.ostree("diff", "--repo=\(fixture.repo)", "tip^", "tip").isEmpty)
    }

    /// As in ostree-ext (and upstream `ostree diff`), the compared root itself is never listed.
    @Test func rootMetadataChangeIsNotReported() throws {
        let fixture = try DiffFixture()
        try fixture.write("usr/bin/a", "a")
        try fixture.commit()
        try fixture.chmod("", 0o700)
        try fixture.commit()
        #expect(try fixture.json("tip^", "tip") == TreeDiff())
        try fixture.expectUpstreamAgrees(with: TreeDiff())
    }

    @Test func subdirComparesThatDirectoryOfBothCommits() throws {
        let fixture = try Self.makeBaseAndV2()
        #expect(
            try fixture.lines("--subdir=/usr", "tip^", "tip") == [
                "D    /bin/gone", "A    /bin/new", "D    /lib/old/", "A    /share/",
            ])
        let diff = try fixture.json("--subdir=usr/", "tip^", "tip")
        #expect(
            diff
                == TreeDiff(
                    subdir: "/usr", addedFiles: ["/bin/new"], addedDirs: ["/share"], removedFiles: ["/bin/gone"],
                    removedDirs: ["/lib/old"]))
        // The same as the full diff restricted to /usr.
        let full = try fixture.json("tip^", "tip")
        func under(_ paths: [String]) -> [String] {
            paths.filter { $0.hasPrefix("/usr/") }.map { String($0.dropFirst(4)) }
        }
        #expect(diff.addedFiles == under(full.addedFiles))
        #expect(diff.removedDirs == under(full.removedDirs))
        #expect(try fixture.lines("--subdir=/usr/bin", "tip^", "tip") == ["D    /gone", "A    /new"])
    }

    @Test func revisionsByRefParentFullAndAbbreviatedChecksum() throws {
        let fixture = try Self.makeBaseAndV2()
        let new = try Run.ostree("rev-parse", "--repo=\(fixture.repo)", "tip")
        let old = try Run.ostree("rev-parse", "--repo=\(fixture.repo)", "tip^")
        let expected = try fixture.lines("tip^", "tip")
        #expect(expected.count == 5)
        #expect(try fixture.lines(old, new) == expected)
        #expect(try fixture.lines(String(old.prefix(10)), "tip") == expected)
        #expect(try fixture.lines("\(new)^", String(new.prefix(8))) == expected)
        // Reversed, additions and removals swap.
        #expect(try fixture.lines("tip", "tip^").contains("A    /usr/lib/old/"))
    }

    @Test func unknownRevisionFailsWithOneLine() throws {
        let fixture = try Self.makeBaseAndV2()
        let result = try fixture.run("tip", "no-such-ref")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: cannot resolve 'no-such-ref'"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        let noParent = try fixture.run("tip^^", "tip")
        #expect(noParent.status == 1)
        #expect(noParent.stderr.hasPrefix("error: cannot resolve 'tip^^'"))
    }

    @Test func objectThatIsNotACommitFails() throws {
        let fixture = try Self.makeBaseAndV2()
        // `ostree ls -C` prints the content checksum of a file: a real object, but not a commit.
        let listing = try Run.ostree("ls", "-C", "--repo=\(fixture.repo)", "tip", "/etc/motd")
        let file = try #require(listing.split(separator: " ").first { $0.count == 64 }.map(String.init))
        let result = try fixture.run(file, "tip")
        #expect(result.status == 1)
        #expect(result.stderr == "error: '\(file)' is not a commit in repository \(fixture.repo)\n")
    }

    @Test func missingSubdirFailsNamingTheRevision() throws {
        let fixture = try Self.makeBaseAndV2()
        let missing = try fixture.run("--subdir=/usr/share", "tip^", "tip")
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: there is no directory /usr/share in commit 'tip^'\n")
        let removed = try fixture.run("--subdir=/usr/lib/old", "tip^", "tip")
        #expect(removed.stderr == "error: there is no directory /usr/lib/old in commit 'tip'\n")
        let file = try fixture.run("--subdir=/etc/motd", "tip^", "tip")
        #expect(file.stderr == "error: /etc/motd is not a directory in commit 'tip^'\n")
        let dotdot = try fixture.run("--subdir=/usr/../etc", "tip^", "tip")
        #expect(dotdot.status == 1)
        #expect(dotdot.stderr.contains("'..'"))
    }

    @Test func jsonAndStatTogetherIsAUsageError() throws {
        let fixture = try Self.makeBaseAndV2()
        let result = try fixture.run("--json", "--stat", "tip^", "tip")
        #expect(result.status == 64)
        #expect(result.stderr.contains("--json and --stat cannot be used together"))
    }

    @Test func runsAsAnOstreeExtensionCommand() throws {
        let fixture = try Self.makeBaseAndV2()
        let expected = try fixture.lines("tip^", "tip")
        // ostree's extension dispatch passes the command name as argv[1].
        let direct = try Run.checked(Run.binary("diff"), ["commit-diff", "--repo=\(fixture.repo)", "tip^", "tip"])
        #expect(direct.stdoutText.split(separator: "\n").map(String.init) == expected)
        // Linked as ostree-NAME on PATH, `ostree NAME` runs it. The name is the test's own, so that an installed
        // /usr/libexec/libostree/ext/ostree-commit-diff (which ostree prefers) cannot stand in for the build.
        let bin = fixture.dir.sub("bin")
        let name = "commit-diff-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(bin)/ostree-\(name)", withDestinationPath: Run.binary("diff"))
        let path = "\(bin):" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try Run.checked("ostree", [name, "--repo=\(fixture.repo)", "tip^", "tip"], environment: ["PATH": path])
        #expect(result.stdoutText.split(separator: "\n").map(String.init) == expected)
    }
}
