import Crypto
import Foundation
import Shared
import Testing

/// An image assembled by hand from the object files of a `bare` repository, following format spec §2 (commit
/// first, then metadata objects, then each content object after its xattrs blob and link), gzip-compressed with
/// the ostree-ext labels: independent of our exporter, it must pull to the same commit.
@Suite struct ContainerPullHandBuiltTests {
    @Test func handBuiltSingleLayerImagePulls() throws {
        let dir = try TempDir()
        try dir.write("tree/usr/bin/tool", "a tool\n", mode: 0o755)
        try dir.write("tree/usr/etc/config", "x=1\n")
        try FileManager.default.createSymbolicLink(atPath: dir.sub("tree/usr/bin/alias"), withDestinationPath: "tool")
        let source = try dir.makeRepo("source", mode: "bare")
        let commit = try Run.ostree(
            "commit", "--repo=\(source)", "--branch=os", "--tree=dir=\(dir.sub("tree"))", "--owner-uid=0", "--owner-gid=0")

        let objects = try FileManager.default.subpathsOfDirectory(atPath: "\(source)/objects").filter { $0.contains(".") }.sorted()
        let prefix = "sysroot/ostree/repo/objects/"
        let emptyXattrs = Hex.encode(SHA256.hash(data: Data()))
        let xattrsPath = "\(prefix)\(emptyXattrs.prefix(2))/\(emptyXattrs.dropFirst(2)).file-xattrs"
        var entries: [TarEntries.Entry] = []
        let commitPath = try #require(objects.first { $0.hasSuffix(".commit") })
        let data = { (path: String) in Array(try Data(contentsOf: URL(fileURLWithPath: "\(source)/objects/\(path)"))) }
        entries.append(.init(path: prefix + commitPath, kind: .regular, data: try data(commitPath)))
        for path in objects where path.hasSuffix(".dirtree") || path.hasSuffix(".dirmeta") {
            entries.append(.init(path: prefix + path, kind: .regular, data: try data(path)))
        }
        entries.append(.init(path: xattrsPath, kind: .regular, data: []))
        for path in objects where path.hasSuffix(".file") {
            let full = "\(source)/objects/\(path)"
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            let stem = String(path.dropLast(".file".count))
            entries.append(.init(path: "\(prefix)\(stem).file-xattrs-link", kind: .hardlink, linkTarget: xattrsPath))
            if attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: full)
                entries.append(.init(path: prefix + path, kind: .symlink, permissions: 0o777, linkTarget: target))
            } else {
                let mode = UInt32((attributes[.posixPermissions] as? Int) ?? 0o644)
                entries.append(.init(path: prefix + path, kind: .regular, permissions: mode, data: try data(path)))
            }
        }
        let tarPath = dir.sub("layer.tar")
        try TarEntries(entries).write(to: tarPath)
        let tar = try Data(contentsOf: URL(fileURLWithPath: tarPath))
        let gzipped = try Run.checked("gzip", ["-n", "-c", tarPath]).stdout

        // The layout, written with JSONSerialization rather than our OCI writer.
        let layout = dir.sub("oci")
        try FileManager.default.createDirectory(atPath: "\(layout)/blobs/sha256", withIntermediateDirectories: true)
        func blob(_ bytes: Data) throws -> [String: Any] {
            let hex = Hex.encode(SHA256.hash(data: bytes))
            try bytes.write(to: URL(fileURLWithPath: "\(layout)/blobs/sha256/\(hex)"))
            return ["digest": "sha256:\(hex)", "size": bytes.count]
        }
        let diffID = "sha256:" + Hex.encode(SHA256.hash(data: tar))
        let labels = ["ostree.commit": commit, "ostree.final-diffid": diffID]
        let config: [String: Any] = [
            "architecture": try GoArch.host().rawValue, "os": "linux", "config": ["Labels": labels],
            "rootfs": ["type": "layers", "diff_ids": [diffID]],
        ]
        var configDescriptor = try blob(JSONSerialization.data(withJSONObject: config, options: .sortedKeys))
        configDescriptor["mediaType"] = "application/vnd.oci.image.config.v1+json"
        var layerDescriptor = try blob(gzipped)
        layerDescriptor["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
        let manifest: [String: Any] = ["schemaVersion": 2, "config": configDescriptor, "layers": [layerDescriptor], "annotations": labels]
        var manifestDescriptor = try blob(JSONSerialization.data(withJSONObject: manifest, options: .sortedKeys))
        manifestDescriptor["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
        manifestDescriptor["annotations"] = ["org.opencontainers.image.ref.name": "v1"]
        try JSONSerialization.data(withJSONObject: ["schemaVersion": 2, "manifests": [manifestDescriptor]])
            .write(to: URL(fileURLWithPath: "\(layout)/index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: "\(layout)/oci-layout"))

        let repo = try dir.makeRepo("dest")
        let result = try ContainerPullTests.pull(repo, "ostree-unverified-image:oci:\(layout):v1")
        #expect(result.trimmedStdout == "Imported: \(commit)", "\(result.stderr)")
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))
        #expect(try Run.ostree("ls", "-R", "-X", "--repo=\(repo)", commit) == Run.ostree("ls", "-R", "-X", "--repo=\(source)", commit))
    }
}
