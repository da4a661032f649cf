import Foundation
import Testing

/// An OS commit that `ostree admin deploy` accepts (a kernel and initramfs under `/usr/lib/modules/VERSION/`, as
/// libostree 2022.7 looks for them, plus `/usr/etc`), encapsulated into an OCI layout, and a sysroot made by
/// `ostree admin init-fs` + `ostree admin os-init` to deploy it into.
struct BootableImage {
    static let stateroot = "testos"
    static let kernelVersion = "6.1.0-test"

    let dir: TempDir
    /// The `bare-user` repository the commits are made in.
    let sourceRepo: String
    let layout: String
    let sysroot: String

    init(dir: TempDir) throws {
        self.dir = dir
        sourceRepo = try dir.makeRepo("source")
        layout = dir.sub("oci")
        sysroot = dir.sub("sysroot")
        try FileManager.default.createDirectory(atPath: sysroot, withIntermediateDirectories: true)
        try Run.ostree("admin", "init-fs", sysroot)
        try Run.ostree("admin", "os-init", "--sysroot=\(sysroot)", Self.stateroot)
    }

    /// The `ostree-unverified-image:oci:…:TAG` reference of `tag`.
    func reference(_ tag: String) -> String { "ostree-unverified-image:oci:\(layout):\(tag)" }

    /// Commits an OS tree whose `/usr/lib/os-version` says `version` and encapsulates it as `tag`.
    /// - Parameters:
    ///   - bootable: set the commit metadata `ostree.bootable`, which encapsulation turns into the labels.
    ///   - kernel: include the kernel and initramfs.
    /// - Returns: the commit checksum.
    @discardableResult
    func build(tag: String, version: String = "1", bootable: Bool = true, kernel: Bool = true, extra: [String] = [])
        throws -> String
    {
        let tree = dir.sub("tree-\(tag)")
        try dir.write("tree-\(tag)/usr/bin/sh", "shell\n", mode: 0o755)
        try dir.write("tree-\(tag)/usr/etc/os-release", "ID=testos\n")
        try dir.write("tree-\(tag)/usr/lib/os-version", "\(version)\n")
        if kernel {
            try dir.write("tree-\(tag)/usr/lib/modules/\(Self.kernelVersion)/vmlinuz", "fake kernel \(version)\n")
            try dir.write("tree-\(tag)/usr/lib/modules/\(Self.kernelVersion)/initramfs.img", "fake initramfs\n")
        }
        let commit = try Run.ostree(
            "commit", "--repo=\(sourceRepo)", "--branch=os/\(tag)", "--tree=dir=\(tree)", "--owner-uid=0",
            "--owner-gid=0", "--timestamp=2024-01-01T00:00:00Z", "--subject=os \(version)",
            bootable ? "--add-metadata=ostree.bootable=true" : "--add-metadata-string=version=\(version)")
        try Run.checked(
            Run.binary("container-encapsulate"),
            ["--repo=\(sourceRepo)"] + extra + ["os/\(tag)", "oci:\(layout):\(tag)"])
        return commit
    }

    /// Runs `container-image deploy --sysroot=… ARGS`.
    func deploy(_ arguments: [String]) throws -> RunResult {
        try Run.run(Run.binary("container-image"), ["deploy", "--sysroot=\(sysroot)"] + arguments)
    }

    /// `ostree admin status` of the sysroot.
    func status() throws -> String { try Run.ostree("admin", "status", "--sysroot=\(sysroot)") }

    /// The origin keyfile of the deployment directory `deployment` (relative to the sysroot).
    func origin(_ deployment: String) throws -> String {
        try String(contentsOfFile: "\(sysroot)/\(deployment).origin", encoding: .utf8)
    }

    /// The `options` lines of the boot loader entries.
    func bootOptions() throws -> [String] {
        let entries = "\(sysroot)/boot/loader/entries"
        return try FileManager.default.contentsOfDirectory(atPath: entries).sorted().flatMap { name in
            try String(contentsOfFile: "\(entries)/\(name)", encoding: .utf8).split(separator: "\n")
                .filter { $0.hasPrefix("options ") }.map(String.init)
        }
    }

    /// The image refs of the sysroot's repository.
    func imageRefs() throws -> [String] {
        try Run.ostree("refs", "--repo=\(sysroot)/ostree/repo").split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("ostree/container/") }
    }
}
