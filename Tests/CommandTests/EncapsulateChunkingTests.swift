import Foundation
import Shared
import Testing

/// How encapsulation splits a commit into layers: by dpkg package when the commit has a dpkg database, and
/// keeping the previous image's layer structure when it replaces a tag, so updates change few layers.
@Suite struct EncapsulateChunkingTests {
    /// A tree with a small dpkg database: two packages own files, one file is unowned.
    static func dpkgTree(_ dir: TempDir) throws -> String {
        try dir.write("tree/usr/bin/hello", String(repeating: "hello binary\n", count: 400), mode: 0o755)
        try dir.write("tree/usr/share/doc/hello/copyright", "hello copyright\n")
        try dir.write("tree/usr/etc/hello.conf", "greeting=hi\n")
        try dir.write("tree/usr/bin/world", String(repeating: "world binary\n", count: 300), mode: 0o755)
        try dir.write("tree/usr/share/doc/world/copyright", "world copyright\n")
        try dir.write("tree/usr/share/unowned/data", "nobody's\n")
        try dir.write("tree/var/lib/dpkg/info/hello.list", "/.\n/usr\n/usr/bin\n/usr/bin/hello\n/usr/share/doc/hello/copyright\n/etc/hello.conf\n")
        try dir.write("tree/var/lib/dpkg/info/world:amd64.list", "/usr/bin/world\n/usr/share/doc/world/copyright\n")
        return dir.sub("tree")
    }

    @Test func packagesBecomeLayers() throws {
        let dir = try TempDir()
        let tree = try Self.dpkgTree(dir)
        let repo = try dir.makeRepo()
        try Run.ostree("commit", "--repo=\(repo)", "--branch=os", "--tree=dir=\(tree)")
        let layout = dir.sub("oci")
        let report = try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(repo)", "--json", "os", "oci:\(layout):v1"])
        let json = try JSONSerialization.jsonObject(with: report.stdout) as? [String: Any]
        let image = json?["image"] as? [String: Any]
        #expect(image?["chunking"] as? String == "dpkg")
        let manifest = try OCILayout(path: layout).manifest(tag: "v1")
        let components = manifest.layers.compactMap { $0.annotations?["ostree.components"] }
        #expect(components.contains("hello") && components.contains("world"), "\(components)")

        // The hello layer holds exactly hello's files (as checkout paths, /etc shown as etc).
        let index = try #require(manifest.layers.firstIndex { $0.annotations?["ostree.components"] == "hello" })
        let listing = try Run.checked("tar", ["-tzf", OCILayout(path: layout).blobPath(manifest.layers[index].digest)]).stdoutText
        let checkout = listing.split(separator: "\n").filter { !$0.hasPrefix("sysroot/") }.sorted()
        #expect(checkout == ["etc/hello.conf", "usr/bin/hello", "usr/share/doc/hello/copyright"])
    }

    @Test func replacingATagKeepsUnchangedLayers() throws {
        let dir = try TempDir()
        let tree = try Self.dpkgTree(dir)
        let repo = try dir.makeRepo()
        try Run.ostree("commit", "--repo=\(repo)", "--branch=os", "--tree=dir=\(tree)")
        let layout = dir.sub("oci")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(repo)", "os", "oci:\(layout):os"])
        let before = try OCILayout(path: layout).manifest(tag: "os").layers.map(\.digest)

        try dir.write("tree/usr/bin/world", "world binary, version 2\n", mode: 0o755)
        try dir.write("tree/usr/share/new-component/file", "brand new\n")
        try Run.ostree("commit", "--repo=\(repo)", "--branch=os", "--tree=dir=\(tree)")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(repo)", "os", "oci:\(layout):os"])
        let after = try OCILayout(path: layout).manifest(tag: "os")
        let changed = after.layers.filter { !before.contains($0.digest) }
        // The commit layer, world's layer and the last layer (which takes the new component) change; no other.
        #expect(after.layers.count == before.count)
        #expect(changed.count == 3, "\(changed.map { $0.annotations?["ostree.components"] ?? "commit" })")
        #expect(after.layers.last?.annotations?["ostree.components"]?.contains("dir:/usr/share/new-component") == true)
    }
}
