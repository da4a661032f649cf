import Foundation
import Shared
import Testing

/// Writing a derived layer commit back as a layer tar: importing the tar again gives the same layer commit, and the
/// tar shows `/etc`, keeps whiteouts and leaves out the directories the layer only implied.
@Suite struct DerivedLayerExporterTests {
    /// Exports the layer commit `commit` of the fixture's repository to a pax tar `name` and returns its path.
    static func export(_ commit: Checksum, of fixture: DerivedLayerFixture, to name: String) throws -> String {
        let path = fixture.dir.sub(name)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        try DerivedLayerExporter.export(
            repo: fixture.repo, commit: commit, to: try TarWriter(fileDescriptor: fd, format: .pax))
        return path
    }

    @Test func reimportingTheExportGivesTheSameLayerCommit() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let original = try fixture.importLayer(try fixture.tar("layer.tar", DerivedLayerTests.layer))
        let exported = try Self.export(original.commit, of: fixture, to: "exported.tar")

        let other = try Repo.create(at: dir.sub("other"), mode: .archive)
        let again = try fixture.importLayer(exported, into: other)
        #expect(again.commit == original.commit, "same tree, metadata and implicit directories")
        #expect(again.filtered.isEmpty)
        #expect(try Run.ostree("fsck", "--repo=\(dir.sub("other"))").contains("no errors found"))

        let entries = try TarEntries(reading: exported).entries
        let paths = entries.map(\.path)
        #expect(!paths.contains { $0 == "usr/etc" || $0.hasPrefix("usr/etc/") }, "\(paths)")
        #expect(paths.contains("etc/motd") && paths.contains("usr/lib/.wh.removed-file"))
        #expect(paths.contains("usr/share/opq/.wh..wh..opq"))
        #expect(!paths.contains("./") && !paths.contains("usr/") && !paths.contains("etc/"), "implicit directories")
        #expect(entries.first { $0.path == "usr/share/doc/" }?.permissions == 0o700)
        // libarchive writes (and reads back) each xattr as a SCHILY and a LIBARCHIVE pax record.
        #expect(
            Set(try #require(entries.first { $0.path == "usr/bin/testxattr" }?.xattrs)) == [.text("user.foo", "bar")])
        #expect(entries.first { $0.path == "usr/bin/link" }?.linkTarget == "../../etc/whatever")
        let links = entries.filter { $0.kind == .hardlink }
        #expect(
            links.map(\.path).sorted() == ["etc/hl-b", "etc/hl-c"] && links.allSatisfy { $0.linkTarget == "etc/hl-a" })
        #expect(entries.allSatisfy { $0.mtime == 0 })
        #expect(entries.filter { $0.path.contains(".wh.") }.allSatisfy { $0.kind == .regular }, "whiteouts are files")
    }

    @Test func anExplicitRootAndEtcKeepTheirEntries() throws {
        let dir = try TempDir()
        let fixture = try DerivedLayerFixture(dir: dir)
        let layer: [TarEntries.Entry] = [
            .directory("./", mode: 0o755), .directory("etc", mode: 0o750), .file("etc/conf", "c\n"),
        ]
        let original = try fixture.importLayer(try fixture.tar("layer.tar", layer))
        let exported = try Self.export(original.commit, of: fixture, to: "exported.tar")
        let entries = try TarEntries(reading: exported).entries
        #expect(entries.map(\.path) == ["./", "etc/", "etc/conf"])
        #expect(entries[1].permissions == 0o750)
        #expect(try fixture.importLayer(exported).commit == original.commit)
    }
}
