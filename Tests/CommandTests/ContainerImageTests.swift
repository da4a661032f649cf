import Foundation
import Shared
import Testing

/// `ostree container-image` over images pulled with `container-pull` from layouts `container-encapsulate` wrote,
/// judged by `skopeo inspect` of the same image and by the `ostree` CLI.
@Suite struct ContainerImageTests {
    /// Runs `container-image` and returns the result (any status).
    static func image(_ arguments: String...) throws -> RunResult {
        try Run.run(Run.binary("container-image"), arguments)
    }

    /// Runs `container-image`, which must succeed.
    @discardableResult
    static func checkedImage(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws
        -> RunResult
    {
        try Run.checked(Run.binary("container-image"), arguments, sourceLocation: sourceLocation)
    }

    /// Pulls `oci:LAYOUT:TAG` unverified into `repo`.
    static func pull(_ repo: String, _ image: String) throws {
        try Run.checked(
            Run.binary("container-pull"), ["--repo=\(repo)", "--quiet", "ostree-unverified-image:\(image)"])
    }

    static func json(_ result: RunResult) throws -> Any {
        try JSONSerialization.jsonObject(with: result.stdout)
    }

    static func refs(_ repo: String) throws -> Set<String> {
        Set(try Run.ostree("refs", "--repo=\(repo)").split(separator: "\n").map(String.init))
    }

    static func layerRefs(_ manifest: Manifest) throws -> Set<String> {
        Set(try manifest.layers.map { try StoreRefs.layer($0.digest) })
    }

    /// The fixture commit encapsulated into `oci:DIR:v1` and pulled into a new repository.
    struct Pulled {
        let fixture: FixtureCommit
        let image: String
        let repo: String

        init(_ dir: TempDir, repoMode: String = "bare-user") throws {
            fixture = try FixtureCommit(dir: dir)
            image = "oci:\(dir.sub("oci")):v1"
            try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(fixture.repo)", FixtureCommit.ref, image])
            repo = try dir.makeRepo("store", mode: repoMode)
            try ContainerImageTests.pull(repo, image)
        }
    }

    @Test func listMetadataAndHistoryMatchSkopeo() throws {
        let dir = try TempDir()
        let pulled = try Pulled(dir)
        let raw = try Run.checked("skopeo", ["inspect", "--raw", pulled.image]).stdout
        let rawConfig = try Run.checked("skopeo", ["inspect", "--config", "--raw", pulled.image]).stdout
        let manifest = try JSONDecoder().decode(Manifest.self, from: raw)
        let config = try JSONDecoder().decode(ImageConfig.self, from: rawConfig)
        let digest = Digest.sha256(Array(raw)).description
        let merge = try Run.ostree(
            "rev-parse", "--repo=\(pulled.repo)", StoreRefs.image(ImageReference(parsing: pulled.image)))

        let list = try #require(
            try Self.json(Self.checkedImage("list", "--repo=\(pulled.repo)", "--json")) as? [[String: Any]])
        #expect(list.count == 1)
        let entry = try #require(list.first)
        #expect(entry["reference"] as? String == pulled.image)
        #expect(entry["manifest_digest"] as? String == digest)
        #expect(entry["version"] as? String == "42.0")
        #expect(entry["base_commit"] as? String == pulled.fixture.checksum)
        #expect(entry["merge_commit"] as? String == merge)
        #expect(entry["created"] as? String == config.created && config.created != nil)
        let text = try Self.checkedImage("list", "--repo=\(pulled.repo)").stdoutText
        #expect(
            text == "\(pulled.image)  \(digest)  42.0  \(pulled.fixture.checksum)  \(merge)  \(config.created ?? "")\n")

        // Byte for byte what skopeo reads from the layout, through either spelling of the image.
        #expect(try Self.checkedImage("metadata", "--repo=\(pulled.repo)", pulled.image).stdout == raw)
        #expect(
            try Self.checkedImage("metadata", "--repo=\(pulled.repo)", "ostree-unverified-image:\(pulled.image)").stdout
                == raw)
        #expect(
            try Self.checkedImage("metadata", "--repo=\(pulled.repo)", "--config", pulled.image).stdout == rawConfig)

        let history = try #require(
            try Self.json(Self.checkedImage("history", "--repo=\(pulled.repo)", "--json", pulled.image))
                as? [[String: Any]])
        let items = try #require(config.history)
        #expect(history.count == items.count && items.count == manifest.layers.count)
        #expect(history.map { $0["created_by"] as? String } == items.reversed().map(\.createdBy))
        #expect(history.map { $0["created"] as? String } == items.reversed().map(\.created))
        #expect(history.map { $0["digest"] as? String } == manifest.layers.reversed().map(\.digest.description))
        #expect(history.map { ($0["size"] as? NSNumber)?.uint64Value } == manifest.layers.reversed().map(\.size))
        let lines = try Self.checkedImage("history", "--repo=\(pulled.repo)", pulled.image).stdoutText.split(
            separator: "\n")
        #expect(lines.count == items.count + 1 && lines.first?.hasPrefix("ID ") == true)
        let commitLayer =
            "\(manifest.layers[0].digest.encoded.prefix(12))  \(items[0].created ?? "")  \(items[0].createdBy ?? "")"
        #expect(lines.last?.hasPrefix(commitLayer) == true, "\(lines)")
    }

    @Test func removeDeletesTheImageAndEveryLayer() throws {
        let dir = try TempDir()
        let pulled = try Pulled(dir)
        let result = try Self.checkedImage("remove", "--repo=\(pulled.repo)", "--json", pulled.image)
        let report = try #require(try Self.json(result) as? [String: Any])
        #expect(report["removed"] as? [String] == [pulled.image])
        let prune = try #require(report["prune"] as? [String: Any])
        let manifest = try OCILayout(path: dir.sub("oci")).manifest(tag: "v1")
        #expect(Set(prune["layer_refs_deleted"] as? [String] ?? []) == (try Self.layerRefs(manifest)))
        #expect((prune["objects_pruned"] as? Int ?? 0) > 0 && (prune["bytes_freed"] as? Int ?? 0) > 0)
        #expect(try Self.refs(pulled.repo).allSatisfy { !$0.hasPrefix("ostree/container/") })
        #expect(try Run.ostree("fsck", "--repo=\(pulled.repo)").contains("no errors found"))
        #expect(try Run.run("ostree", ["show", "--repo=\(pulled.repo)", pulled.fixture.checksum]).status != 0)
        #expect(try Self.checkedImage("list", "--repo=\(pulled.repo)").stdout.isEmpty)
    }

    /// Two releases of one OS share every layer but the commit layer and the changed package's; removing the old
    /// one keeps what the new one uses, and the new one's parent commit (the old release) goes too.
    @Test func removingOneOfTwoImagesKeepsWhatTheOtherShares() throws {
        let dir = try TempDir()
        let tree = try EncapsulateChunkingTests.dpkgTree(dir)
        let source = try dir.makeRepo("source")
        let v1 = try Run.ostree("commit", "--repo=\(source)", "--branch=os", "--tree=dir=\(tree)")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(source)", "os", "oci:\(dir.sub("one")):os"])
        try FileManager.default.copyItem(atPath: dir.sub("one"), toPath: dir.sub("two"))
        try dir.write("tree/usr/bin/world", "world binary, version 2\n", mode: 0o755)
        let v2 = try Run.ostree("commit", "--repo=\(source)", "--branch=os", "--tree=dir=\(tree)")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(source)", "os", "oci:\(dir.sub("two")):os"])
        let (one, two) = ("oci:\(dir.sub("one")):os", "oci:\(dir.sub("two")):os")
        let repo = try dir.makeRepo("store")
        try Self.pull(repo, one)
        try Self.pull(repo, two)
        let oneLayers = try Self.layerRefs(OCILayout(path: dir.sub("one")).manifest(tag: "os"))
        let twoLayers = try Self.layerRefs(OCILayout(path: dir.sub("two")).manifest(tag: "os"))
        try #require(oneLayers.subtracting(twoLayers).count == 2 && twoLayers.intersection(oneLayers).count >= 2)

        let lines = try Self.checkedImage("list", "--repo=\(repo)").stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(Set(lines.map { $0.range(of: "sha256:")?.lowerBound.utf16Offset(in: $0) }).count == 1, "columns align")

        let removed = try Self.checkedImage("remove", "--repo=\(repo)", "--skip-gc", one).stdoutText
        #expect(removed == "Removed: \(one)\n")
        #expect(try Self.refs(repo).isSuperset(of: oneLayers), "--skip-gc keeps the layers")
        let prune = try #require(
            try Self.json(Self.checkedImage("prune", "--repo=\(repo)", "--json")) as? [String: Any])
        #expect(prune["layer_refs_deleted"] as? [String] == oneLayers.subtracting(twoLayers).sorted())
        let refs = try Self.refs(repo)
        #expect(refs.isDisjoint(with: oneLayers.subtracting(twoLayers)) && refs.isSuperset(of: twoLayers))
        #expect(!refs.contains(try StoreRefs.image(ImageReference(parsing: one))))
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))
        #expect(try Run.run("ostree", ["show", "--repo=\(repo)", v1]).status != 0, "the old release is pruned")

        try Run.ostree("checkout", "--repo=\(repo)", "-U", v2, dir.sub("checkout"))
        #expect(
            try String(contentsOfFile: dir.sub("checkout/usr/bin/world"), encoding: .utf8)
                == "world binary, version 2\n")
        #expect(
            try String(contentsOfFile: dir.sub("checkout/usr/bin/hello"), encoding: .utf8).hasPrefix("hello binary\n"))
        let again = try Self.checkedImage("prune", "--repo=\(repo)").stdoutText
        #expect(again.hasPrefix("Deleted layer refs: 0\nPruned objects: 0 of "))
    }

    @Test(arguments: ["bare-user", "archive"])
    func copyIntoAnotherRepository(destinationMode: String) throws {
        let dir = try TempDir()
        let pulled = try Pulled(dir)
        let destination = try dir.makeRepo("copy", mode: destinationMode)
        let copied = try Self.checkedImage(
            "copy", "--src-repo=\(pulled.repo)", "--dest-repo=\(destination)", pulled.image)
        #expect(copied.stdoutText.hasPrefix("Copied: \(pulled.image) => \(pulled.image) ("))
        let renamed = "docker://registry.example.com/os:copied"
        try Self.checkedImage(
            "copy", "--src-repo=\(pulled.repo)", "--dest-repo=\(destination)",
            "ostree-unverified-image:\(pulled.image)", renamed)

        let source = try #require(
            try Self.json(Self.checkedImage("list", "--repo=\(pulled.repo)", "--json")) as? [[String: Any]])
        let list = try #require(
            try Self.json(Self.checkedImage("list", "--repo=\(destination)", "--json")) as? [[String: Any]])
        #expect(list.map { $0["reference"] as? String } == [renamed, pulled.image])
        for entry in list {
            #expect(entry["merge_commit"] as? String == source.first?["merge_commit"] as? String)
            #expect(entry["base_commit"] as? String == pulled.fixture.checksum)
        }
        #expect(try Run.ostree("fsck", "--repo=\(destination)").contains("no errors found"))
        let raw = try Run.checked("skopeo", ["inspect", "--raw", pulled.image]).stdout
        #expect(try Self.checkedImage("metadata", "--repo=\(destination)", renamed).stdout == raw)
        #expect(
            try Self.refs(destination).isSuperset(of: Self.layerRefs(JSONDecoder().decode(Manifest.self, from: raw))))
        try Run.ostree("checkout", "--repo=\(destination)", "-U", pulled.fixture.checksum, dir.sub("checkout"))
        #expect(try String(contentsOfFile: dir.sub("checkout/usr/bin/bash"), encoding: .utf8) == "the-bash-shell\n")
    }

    @Test func unknownImagesAreOneLineErrors() throws {
        let dir = try TempDir()
        let repo = try dir.makeRepo("store")
        let other = try dir.makeRepo("other")
        let missing = "oci:/nowhere/layout:v1"
        let expected = "error: no image \(missing) in the store of \(repo)\n"
        for arguments in [
            ["metadata", "--repo=\(repo)", missing], ["metadata", "--repo=\(repo)", "--config", missing],
            ["history", "--repo=\(repo)", missing], ["remove", "--repo=\(repo)", missing],
            ["copy", "--src-repo=\(repo)", "--dest-repo=\(other)", missing],
        ] {
            let result = try Run.run(Run.binary("container-image"), arguments)
            #expect(
                result.status == 1 && result.stderr == expected && result.stdout.isEmpty,
                "\(arguments): \(result.stderr)")
        }
        let bad = try Self.image("metadata", "--repo=\(repo)", "foo:bar")
        #expect(bad.status == 1 && bad.stderr == "error: Unknown transport 'foo'\n")
        let usage = try Self.image("remove", "--repo=\(repo)")
        #expect(usage.status == 64)
    }

    /// Removing several images where one is not stored removes none of them.
    @Test func removeIsAllOrNothing() throws {
        let dir = try TempDir()
        let pulled = try Pulled(dir)
        let before = try Self.refs(pulled.repo)
        let result = try Self.image(
            "remove", "--repo=\(pulled.repo)", pulled.image, "oci:/a:x", "docker://b.example/c:d")
        #expect(result.status == 1)
        #expect(result.stderr == "error: no images oci:/a:x, docker://b.example/c:d in the store of \(pulled.repo)\n")
        #expect(try Self.refs(pulled.repo) == before)
    }
}
