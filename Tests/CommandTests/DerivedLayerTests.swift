import Foundation
import Shared
import Testing

/// Importing derived (non-ostree) layer tars into layer commits, judged by `ostree ls`, `ostree cat` and
/// `ostree fsck` (format spec §4 and §9 items 8, 9, 14, 15, 19).
@Suite struct DerivedLayerTests {
    /// A layer with one of everything the importer must handle.
    static let layer: [TarEntries.Entry] = [
        .file("usr/bin/testxattr", "x\n", mode: 0o755, xattrs: [.text("user.foo", "bar")]),
        .file("/etc/motd", "changed\n"),
        .file("etc/hl-a", "shared\n"),
        .hardlink("etc/hl-b", to: "etc/hl-a"),
        .hardlink("usr/etc/hl-c", to: "./etc/hl-a"),
        .file("usr/lib/.wh.removed-file", ""),
        .file("usr/lib/.wh.kernel-old", ""),
        .file("usr/.wh.nothing-there", ""),
        .directory("usr/share/opq/"),
        .file("usr/share/opq/.wh..wh..opq", ""),
        .file("usr/share/opq/three", "3\n"),
        .directory("usr/share/doc", mode: 0o700),
        .file("var/lib/x", "x\n"),
        .directory("run"),
        .file("run/somefile", "s\n"),
        .file("boot/x", "b\n"),
        .file("/boot/y", "b\n"),
        .fifo("dev/fifo"),
        .file("./usr//share/./newdir/readme", "r\n"),
        .symlink("usr/bin/link", to: "../../etc/whatever"),
        .file("usr/lib/file-becomes-dir/inner", "i\n"),
        .file("usr/lib/dir-becomes-file", "now a file\n"),
    ]

    @Test func layerCommitHoldsTheNormalizedFilteredTree() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let result = try fixture.importLayer(try fixture.tar("layer.tar", Self.layer), ref: "test/layer")
        #expect(result.filtered == ["var": 1, "somefile": 1, "boot": 2, "fifo": 1])
        #expect(result.filteredPaths == ["var/lib/x", "run/somefile", "boot/x", "/boot/y", "dev/fifo"])
        #expect(try Run.ostree("rev-parse", "--repo=\(fixture.repoPath)", "test/layer") == result.commit.hex)

        let listing = try OstreeListing(repo: fixture.repoPath, rev: result.commit.hex)
        let expected = [
            "/", "/run", "/usr", "/usr/.wh.nothing-there", "/usr/bin", "/usr/bin/link", "/usr/bin/testxattr",
            "/usr/etc", "/usr/etc/hl-a", "/usr/etc/hl-b", "/usr/etc/hl-c", "/usr/etc/motd", "/usr/lib",
            "/usr/lib/.wh.kernel-old", "/usr/lib/.wh.removed-file", "/usr/lib/dir-becomes-file",
            "/usr/lib/file-becomes-dir", "/usr/lib/file-becomes-dir/inner", "/usr/share", "/usr/share/doc",
            "/usr/share/newdir", "/usr/share/newdir/readme", "/usr/share/opq", "/usr/share/opq/.wh..wh..opq",
            "/usr/share/opq/three",
        ]
        #expect(listing.paths == expected.sorted())
        // Hardlinks share the content object, whatever spelling the target used.
        let shared = try #require(listing["/usr/etc/hl-a"]?.checksum)
        #expect(listing["/usr/etc/hl-b"]?.checksum == shared)
        #expect(listing["/usr/etc/hl-c"]?.checksum == shared)
        #expect(listing["/usr/bin/testxattr"]?.xattrs == "[(b'user.foo', [byte 0x62, 0x61, 0x72])]")
        #expect(listing["/usr/bin/testxattr"]?.mode == "-00755")
        #expect(listing["/usr/bin/link"]?.target == "../../etc/whatever")
        #expect(listing["/usr/share/doc"]?.mode == "d00700")
        #expect(listing["/usr"]?.mode == "d00755" && listing["/usr"]?.uid == "0")
        #expect(try Run.ostree("cat", "--repo=\(fixture.repoPath)", result.commit.hex, "/usr/etc/motd") == "changed")

        let commit = try fixture.repo.loadCommit(result.commit)
        #expect(commit.parent == nil && commit.subject.isEmpty && commit.timestamp == 0)
        #expect(commit.metadata[DerivedLayerMetadata.version] == .string(ToolVersion.current))
        #expect(
            commit.metadata[DerivedLayerMetadata.implicitDirectories]
                == .strings([
                    "/", "/usr", "/usr/bin", "/usr/etc", "/usr/lib", "/usr/lib/file-becomes-dir", "/usr/share",
                    "/usr/share/newdir",
                ]))
        #expect(try Run.ostree("fsck", "--repo=\(fixture.repoPath)").contains("no errors found"))
    }

    @Test func theSameLayerGivesTheSameCommit() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let tar = try fixture.tar("layer.tar", Self.layer)
        let first = try fixture.importLayer(tar)
        let second = try fixture.importLayer(tar)
        // An archive repository streams file data through the pipe path; checksums do not depend on the mode.
        let elsewhere = try fixture.importLayer(tar, into: try Repo.create(at: dir.sub("other"), mode: .archive))
        #expect(first == second)
        #expect(elsewhere.commit == first.commit)

        // PAX xattr records in another order are the same file.
        let xattrs: [Xattr] = [.text("user.b", "2"), .text("user.a", "1")]
        let forward = try fixture.importLayer(try fixture.tar("f.tar", [.file("usr/x", "x", xattrs: xattrs)]))
        let reversed = try fixture.importLayer(
            try fixture.tar("r.tar", [.file("usr/x", "x", xattrs: xattrs.reversed())]))
        #expect(forward.commit == reversed.commit)
    }

    /// Files streamed from the tar in several buffers get the checksums `ostree commit` gives the same files, in a
    /// `bare-user` repository (`ostree_repo_write_regfile`) and an `archive` one (the pipe path).
    @Test func streamedFilesHaveTheChecksumsOstreeGivesThem() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let big = String(repeating: "0123456789abcdef", count: 65_536)
        try dir.write("tree/usr/lib/big.bin", big)
        try dir.write("tree/usr/bin/tool", "tool\n", mode: 0o755)
        try Run.checked("setfattr", ["-n", "user.foo", "-v", "bar", dir.sub("tree/usr/bin/tool")])
        let reference = try Run.ostree(
            "commit", "--repo=\(fixture.repoPath)", "--orphan", "--tree=dir=\(dir.sub("tree"))", "--owner-uid=0",
            "--owner-gid=0")
        let expected = try OstreeListing(repo: fixture.repoPath, rev: reference)
        let tar = try fixture.tar(
            "layer.tar",
            [
                .file("usr/lib/big.bin", big),
                .file("usr/bin/tool", "tool\n", mode: 0o755, xattrs: [.text("user.foo", "bar")]),
            ])
        let archivePath = dir.sub("archive")
        for (repo, path) in [
            (fixture.repo, fixture.repoPath), (try Repo.create(at: archivePath, mode: .archive), archivePath),
        ] {
            let listing = try OstreeListing(repo: path, rev: try fixture.importLayer(tar, into: repo).commit.hex)
            for file in ["/usr/lib/big.bin", "/usr/bin/tool"] {
                #expect(listing[file]?.checksum == expected[file]?.checksum)
            }
            #expect(try Run.ostree("fsck", "--repo=\(path)").contains("no errors found"))
        }
    }

    @Test func nonUsrContentIsKeptOnlyWhenAllowed() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let tar = try fixture.tar(
            "layer.tar", [.file("boot/x", "b"), .file("opt/puppet/blah", "p"), .file("run/x", "r"), .directory("tmp")])
        let filtered = try fixture.importLayer(tar)
        #expect(filtered.filtered == ["boot": 1, "opt": 1, "x": 1])
        #expect(try OstreeListing(repo: fixture.repoPath, rev: filtered.commit.hex).paths == ["/", "/tmp"])

        let allowed = try fixture.importLayer(tar, options: DerivedLayerOptions(allowNonUsr: true))
        #expect(allowed.filtered == ["x": 1])
        #expect(
            try OstreeListing(repo: fixture.repoPath, rev: allowed.commit.hex).paths
                == ["/", "/boot", "/boot/x", "/opt", "/opt/puppet", "/opt/puppet/blah", "/tmp"])
    }

    /// A base image's checkout files are hardlinks into its repository; a derived build that changes one carries
    /// the changed object (mtime > 0) and the links to it (format spec §4.1 steps 3–4, §9 item 15).
    @Test func changedObjectsOfTheBaseRepositoryReachTheirHardlinks() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let object = "sysroot/ostree/repo/objects/ab/" + String(repeating: "cd", count: 31) + ".file"
        let missing = "sysroot/ostree/repo/objects/ef/" + String(repeating: "01", count: 31) + ".file"
        let result = try fixture.importLayer(
            try fixture.tar(
                "layer.tar",
                [
                    .file(object, "hello", mode: 0o755, mtime: 42),
                    .hardlink("usr/bin/bash", to: object, mtime: 42),
                    .hardlink("usr/bin/bash-hardlinked", to: "/" + object, mtime: 42),
                    .hardlink("usr/bin/stale", to: missing, mtime: 42),
                    .file("etc/dnf.conf", "dnf\n"),
                ]))
        #expect(result.filtered == ["sysroot": 1])
        #expect(result.filteredPaths == ["usr/bin/stale"])
        let listing = try OstreeListing(repo: fixture.repoPath, rev: result.commit.hex)
        #expect(
            listing.paths == [
                "/", "/usr", "/usr/bin", "/usr/bin/bash", "/usr/bin/bash-hardlinked", "/usr/etc",
                "/usr/etc/dnf.conf",
            ])
        for path in ["/usr/bin/bash", "/usr/bin/bash-hardlinked"] {
            #expect(try Run.ostree("cat", "--repo=\(fixture.repoPath)", result.commit.hex, path) == "hello")
            #expect(listing[path]?.mode == "-00755")
        }
        #expect(try Run.ostree("fsck", "--repo=\(fixture.repoPath)").contains("no errors found"))
    }

    struct RefusedCase: Sendable, CustomTestStringConvertible {
        let name: String
        let entries: [TarEntries.Entry]
        let message: String
        var testDescription: String { name }
    }

    static let refused: [RefusedCase] = [
        .init(
            name: "path with ..", entries: [.file("usr/../../evil", "x")],
            message: "invalid path in layer: usr/../../evil contains '..'"),
        .init(
            name: "hardlink to an absolute path", entries: [.hardlink("usr/bin/evil", to: "/etc/shadow")],
            message: "hardlink usr/bin/evil in layer points outside the layer: /etc/shadow"),
        .init(
            name: "hardlink escaping with ..", entries: [.hardlink("usr/bin/evil", to: "usr/../../etc/shadow")],
            message: "hardlink usr/bin/evil in layer points outside the layer: usr/../../etc/shadow"),
        .init(
            name: "hardlink to nothing", entries: [.hardlink("usr/bin/evil", to: "etc/shadow")],
            message: "hardlink usr/bin/evil in layer points at etc/shadow, which is not a file earlier in the layer"),
        .init(
            name: "hardlink before its target", entries: [.hardlink("usr/a", to: "usr/b"), .file("usr/b", "b")],
            message: "hardlink usr/a in layer points at usr/b, which is not a file earlier in the layer"),
        .init(
            name: "hardlink to a directory", entries: [.directory("usr/lib"), .hardlink("usr/a", to: "usr/lib")],
            message: "hardlink usr/a in layer points at usr/lib, which is not a file earlier in the layer"),
        .init(
            name: "fifo", entries: [.fifo("usr/lib/fifo")],
            message: "unsupported file type (mode 10000) at usr/lib/fifo in layer"),
        .init(
            name: "file as a parent", entries: [.file("usr/foo", "f"), .file("usr/foo/bar", "b")],
            message: "usr/foo/bar in layer needs directory usr/foo, which is a file in the layer"),
    ]

    @Test(arguments: refused) func hostileLayersAreRefused(_ refused: RefusedCase) throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let tar = try fixture.tar("layer.tar", [.file("usr/ok", "ok")] + refused.entries)
        let error = try #require(throws: ToolError.self) { try fixture.importLayer(tar, ref: "test/layer") }
        #expect(error.description == refused.message)
        #expect(try Run.ostree("refs", "--repo=\(fixture.repoPath)").isEmpty)
        #expect(try Run.ostree("fsck", "--repo=\(fixture.repoPath)").contains("no errors found"))
    }
}
