import Shared
import Testing

/// Object path vectors from ostree-ext's importer tests (format spec §3.2, §9 items 6–7).
@Suite struct TarObjectPathTests {
    static let commitHex = "a86d80a3e9ff77c2e3144c787b7769b300f91ffd770221aac27bab854960b964"
    static let xattrsHex = "b8627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7"

    @Test func parsesACommitPath() throws {
        let parsed = try TarObjectPath.parse(repoPath: "objects/a8/6d80a3e9ff77c2e3144c787b7769b300f91ffd770221aac27bab854960b964.commit")
        #expect(parsed == .object(try #require(Checksum(hex: Self.commitHex)), .commit))
    }

    @Test func parsesTheLegacyXattrsLink() throws {
        let parsed = try TarObjectPath.parse(repoPath: "objects/b8/627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7.file.xattrs")
        #expect(parsed == .object(try #require(Checksum(hex: Self.xattrsHex)), .legacyXattrsLink))
        #expect(try TarObjectPath.parse(repoPath: "xattrs/\(Self.xattrsHex)") == .legacyXattrsBlob(try #require(Checksum(hex: Self.xattrsHex))))
    }

    @Test(arguments: [
        "objects/a8/6d80a3e9ff77c2e3144c787b7769b300f91ffd770221aac27bab854960b964",
        "objects/a8/6d80a3e9ff77c2e3144c787b7769b300f91ffd770221aac27bab854960b964.blah",
        "objects/a8/6d80a3e9ff77c2e3144c787b7769b300f91ffd770221aac27bab854960b9644.commit",
        "objects/a8/6d80a3E9ff77c2e3144c787b7769b300f91ffd770221aac27bab854960b964.commit",
        "objects/a/6d80a3e9ff77c2e3144c787b7769b300f91ffd770221aac27bab854960b964.commit",
        "objects/a8/.commit",
        "objects/42/.dirtree",
    ])
    func rejectsMalformedObjectPaths(_ path: String) {
        #expect(throws: ToolError.self) { try TarObjectPath.parse(repoPath: path) }
    }

    @Test(arguments: ["", "42", "config", "refs/heads/main", "objects", "objects/a8", "tmp/cache"])
    func ignoresNonObjectPaths(_ path: String) throws {
        #expect(try TarObjectPath.parse(repoPath: path) == .ignored)
    }

    @Test func writesV1Paths() throws {
        let checksum = try #require(Checksum(hex: Self.xattrsHex))
        #expect(TarObjectPath.path(checksum, .fileXattrs) == "sysroot/ostree/repo/objects/b8/627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7.file-xattrs")
        #expect(TarObjectPath.path(checksum, .fileXattrsLink) == "sysroot/ostree/repo/objects/b8/627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7.file-xattrs-link")
    }

    @Test(arguments: [
        "../b8/627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7.file-xattrs",
        "sysroot/ostree/repo/objects/b8/627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7.file-xattrs",
    ])
    func acceptsXattrsLinkTargets(_ target: String) throws {
        #expect(try TarObjectPath.parseXattrsLinkTarget(target) == Checksum(hex: Self.xattrsHex))
    }

    @Test(arguments: [
        "",
        "b8627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7.file-xattrs",
        "../b8/62.file-xattrs",
        "../b8/627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7.dirtree",
        "/etc/b8/627e3ef0f255a322d2bd9610cfaaacc8f122b7f8d17c0e7e3caafa160f9fc7.file-xattrs",
    ])
    func rejectsXattrsLinkTargets(_ target: String) {
        #expect(throws: ToolError.self) { try TarObjectPath.parseXattrsLinkTarget(target) }
    }

    @Test(arguments: [
        ("usr/etc/blah", "etc/blah"), ("usr/etc", "etc"), ("usr/etc/foo", "etc/foo"), ("boot", "boot"),
        ("usr/bin", "usr/bin"), ("usr/lib/foo", "usr/lib/foo"), ("usr/etcfoo", "usr/etcfoo"),
    ])
    func mapsUsrEtcToEtc(_ input: String, _ expected: String) {
        #expect(TarObjectPath.checkoutPath(input) == expected)
    }

    @Test func recognisesOnlyTheExactRepoPrefix() {
        #expect(TarObjectPath.repoRelative("sysroot/ostree/repo/objects/aa/b.file") == "objects/aa/b.file")
        #expect(TarObjectPath.repoRelative("./sysroot/ostree/repo/objects/aa/b.file") == nil)
        #expect(TarObjectPath.repoRelative("usr/bin/bash") == nil)
        #expect(TarObjectPath.repoRelative("sysroot/ostree/repository/x") == nil)
    }
}
