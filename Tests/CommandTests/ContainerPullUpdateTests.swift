import Foundation
import Shared
import Testing

/// Updates: a second pull of a changed image fetches only the layers that changed; `--check` sees it first.
@Suite struct ContainerPullUpdateTests {
    @Test func updateFetchesOnlyChangedLayers() throws {
        let dir = try TempDir()
        let tree = try EncapsulateChunkingTests.dpkgTree(dir)
        let source = try dir.makeRepo("source")
        try Run.ostree("commit", "--repo=\(source)", "--branch=os", "--tree=dir=\(tree)")
        let layout = dir.sub("oci")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(source)", "os", "oci:\(layout):os"])
        let image = "ostree-unverified-image:oci:\(layout):os"
        let repo = try dir.makeRepo("dest")
        let first = try report(Run.checked(Run.binary("container-pull"), ["--repo=\(repo)", "--json", image]))
        let total = try OCILayout(path: layout).manifest(tag: "os").layers.count
        #expect(first["layers_fetched"] as? Int == total && first["layers_reused"] as? Int == 0)

        let unchanged = try Run.checked(Run.binary("container-pull"), ["--repo=\(repo)", "--check", image]).trimmedStdout
        #expect(unchanged.hasPrefix("No changes in \(image) => sha256:"))

        try dir.write("tree/usr/bin/world", "world binary, version 2\n", mode: 0o755)
        let v2 = try Run.ostree("commit", "--repo=\(source)", "--branch=os", "--tree=dir=\(tree)")
        try Run.checked(Run.binary("container-encapsulate"), ["--repo=\(source)", "os", "oci:\(layout):os"])
        let newDigest = try OCILayout(path: layout).index().manifests[0].digest.description
        let check = try Run.checked(Run.binary("container-pull"), ["--repo=\(repo)", "--check", image]).trimmedStdout
        #expect(check == newDigest)
        #expect(try Run.ostree("refs", "--repo=\(repo)").split(separator: "\n").count == total + 1, "--check fetched no layer")

        let second = try report(Run.checked(Run.binary("container-pull"), ["--repo=\(repo)", "--json", image]))
        // The commit layer and world's layer changed; every other layer is reused.
        #expect(second["layers_fetched"] as? Int == 2, "\(second)")
        #expect(second["layers_reused"] as? Int == total - 2)
        #expect(second["commit"] as? String == v2)
        #expect(try Run.ostree("fsck", "--repo=\(repo)").contains("no errors found"))
        let again = try Run.checked(Run.binary("container-pull"), ["--repo=\(repo)", "--check", image]).trimmedStdout
        #expect(again == "No changes in \(image) => \(newDigest)")
    }

    private func report(_ result: RunResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }
}
