import Foundation
import Shared
import Testing

/// `ostree container-image deploy`: images pulled into a sysroot made by `ostree admin init-fs` and deployed,
/// judged by `ostree admin status`, the deployment's origin file and the boot loader entries.
@Suite struct ImageDeployTests {
    /// The deployment directory (`ostree/deploy/…`) from a `--json` deploy report.
    static func deployed(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
        commit: String, deployment: String
    ) {
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        let report = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], sourceLocation: sourceLocation)
        return (try #require(report["commit"] as? String), try #require(report["deployment"] as? String))
    }

    @Test func deploysAndUpdatesFromTheOrigin() throws {
        let dir = try TempDir()
        let image = try BootableImage(dir: dir)
        let base = try image.build(tag: "stable", version: "1")
        let reference = image.reference("stable")
        let first = try Self.deployed(
            try image.deploy([
                "--stateroot=\(BootableImage.stateroot)", "--karg=console=ttyS0", "--karg=quiet", "--json", reference,
            ]))
        #expect(first.deployment == "ostree/deploy/\(BootableImage.stateroot)/deploy/\(first.commit).0")
        let status = try image.status()
        #expect(status.contains("\(BootableImage.stateroot) \(first.commit).0"), "\(status)")
        #expect(try image.origin(first.deployment) == "[origin]\ncontainer-image-reference=\(reference)\n")
        #expect(try image.bootOptions().contains { $0.contains("console=ttyS0 quiet") })
        #expect(
            try Run.ostree("cat", "--repo=\(image.sysroot)/ostree/repo", first.commit, "/usr/lib/os-version") == "1")
        #expect(try Run.ostree("rev-parse", "--repo=\(image.sysroot)/ostree/repo", "\(first.commit)") == first.commit)
        #expect(first.commit != base, "the merge commit (with the manifest) is deployed")

        // A new build under the same tag: pulling the origin's reference updates the store, deploy makes it the
        // default and keeps the previous one (and the kernel arguments) for rollback.
        try image.build(tag: "stable", version: "2")
        let originReference = String(
            try image.origin(first.deployment).split(separator: "=", maxSplits: 1)[1].dropLast())
        let pulled = try ContainerPullTests.pull("\(image.sysroot)/ostree/repo", originReference)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let second = try Self.deployed(
            try image.deploy(["--stateroot=\(BootableImage.stateroot)", "--json", reference]))
        #expect(second.commit != first.commit)
        let lines = try image.status().split(separator: "\n").filter { $0.contains(BootableImage.stateroot) }
        #expect(lines.count == 2 && lines[0].contains(second.commit) && lines[1].contains(first.commit), "\(lines)")
        #expect(try image.bootOptions().filter { $0.contains("console=ttyS0 quiet") }.count == 2)
        #expect(
            try Run.ostree("cat", "--repo=\(image.sysroot)/ostree/repo", second.commit, "/usr/lib/os-version") == "2")
    }

    @Test func theTargetReferenceNamesTheOriginAndTheStoredImage() throws {
        let dir = try TempDir()
        let image = try BootableImage(dir: dir)
        try image.build(tag: "stable")
        let target = "ostree-unverified-registry:quay.io/example/testos:stable"
        let result = try Self.deployed(
            try image.deploy([
                "--stateroot=\(BootableImage.stateroot)", "--target-imgref=\(target)", "--json",
                image.reference("stable"),
            ]))
        #expect(try image.origin(result.deployment) == "[origin]\ncontainer-image-reference=\(target)\n")
        let images = try image.imageRefs().filter { $0.hasPrefix("ostree/container/image/") }
        #expect(images == [try StoreRefs.image(try ImageReference(parsing: "docker://quay.io/example/testos:stable"))])
        #expect(try image.status().contains(result.commit))
    }

    @Test func refusalsAreOneLineErrorsAndDeployNothing() throws {
        let dir = try TempDir()
        let image = try BootableImage(dir: dir)
        try image.build(tag: "plain", bootable: false)
        try image.build(tag: "arm", extra: ["--arch=arm64"])
        try image.build(tag: "nokernel", kernel: false)
        try image.build(tag: "stable")

        func refused(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        {
            let result = try image.deploy(arguments)
            #expect(result.status == 1, sourceLocation: sourceLocation)
            #expect(
                result.stderr.hasPrefix("error: ") && result.stderr.contains(message), "\(result.stderr)",
                sourceLocation: sourceLocation)
            #expect(result.stderr.split(separator: "\n").count == 1, sourceLocation: sourceLocation)
        }
        try refused(
            ["--stateroot=nosuchos", image.reference("stable")],
            "stateroot 'nosuchos' does not exist in sysroot \(image.sysroot)")
        try refused(
            ["--stateroot=\(BootableImage.stateroot)", image.reference("plain")],
            "image oci:\(image.layout):plain is not bootable")
        try refused(
            ["--stateroot=\(BootableImage.stateroot)", image.reference("arm")],
            "image oci:\(image.layout):arm is for arm64")
        #expect(try image.imageRefs().isEmpty, "refused images are not fetched")
        try refused(["--stateroot=\(BootableImage.stateroot)", image.reference("nokernel")], "kernel")
        try refused(
            ["--sysroot=\(dir.sub("nothing"))", image.reference("stable")], "cannot load sysroot \(dir.sub("nothing"))")
        #expect(try image.status() == "No deployments.")
    }
}
