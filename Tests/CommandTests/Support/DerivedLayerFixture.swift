import Foundation
import Shared
import Testing

/// A base commit made by `ostree commit` and helpers to write derived layer tars (pax, so xattrs survive), import
/// them and merge them, for the derived-layer and layer-merge tests.
///
/// The base tree: `/usr` carries the xattr `user.base=1`; `usr/bin/bash`, `usr/etc/motd`, `usr/lib/removed-file`,
/// `usr/lib/kernel-old/vmlinuz`, `usr/lib/file-becomes-dir`, `usr/lib/dir-becomes-file/x`, `usr/share/opq/{one,two}`,
/// `usr/share/doc/README` and `usr/share/untouched/deep/file`, all owned by 0/0.
struct DerivedLayerFixture {
    let dir: TempDir
    let repoPath: String
    let repo: Repo
    let base: Checksum

    init(dir: TempDir) throws {
        self.dir = dir
        let files: [(String, String, Int)] = [
            ("usr/bin/bash", "bash\n", 0o755), ("usr/etc/motd", "welcome\n", 0o644),
            ("usr/lib/removed-file", "gone\n", 0o644), ("usr/lib/kernel-old/vmlinuz", "kernel\n", 0o644),
            ("usr/lib/file-becomes-dir", "file\n", 0o644), ("usr/lib/dir-becomes-file/x", "x\n", 0o644),
            ("usr/share/opq/one", "1\n", 0o644), ("usr/share/opq/two", "2\n", 0o644),
            ("usr/share/doc/README", "readme\n", 0o644), ("usr/share/untouched/deep/file", "deep\n", 0o644),
        ]
        for (path, text, mode) in files { try dir.write("base/\(path)", text, mode: mode) }
        try Run.checked("setfattr", ["-n", "user.base", "-v", "1", dir.sub("base/usr")])
        repoPath = try dir.makeRepo("repo")
        let commit = try Run.ostree(
            "commit", "--repo=\(repoPath)", "--orphan", "--tree=dir=\(dir.sub("base"))", "--owner-uid=0",
            "--owner-gid=0", "--timestamp=1997-08-29T18:30:42Z", "--subject=base")
        guard let base = Checksum(hex: commit) else { throw RunFailure(message: "ostree commit printed \(commit)") }
        self.base = base
        repo = try Repo(path: repoPath)
    }

    /// Writes `entries` as a pax tar `name` in the temp dir and returns its path.
    func tar(_ name: String, _ entries: [TarEntries.Entry]) throws -> String {
        let path = dir.sub(name)
        try TarEntries(entries).write(to: path, format: .pax)
        return path
    }

    /// Imports the layer tar at `path` into `repo` (the fixture's repository by default).
    func importLayer(
        _ path: String, into repo: Repo? = nil, ref: String? = nil, options: DerivedLayerOptions = .init()
    ) throws -> DerivedLayerResult {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = try TarReader(fileDescriptor: fd, source: path)
        return try DerivedLayerImporter.importLayer(reader, into: repo ?? self.repo, ref: ref, options: options)
    }

    /// Merges `layers` onto the base commit in `repo` (the fixture's repository by default).
    func merge(
        _ layers: [Checksum], into repo: Repo? = nil, metadata: [String: VariantValue] = [:], timestamp: UInt64 = 0
    ) throws -> Checksum {
        try (repo ?? self.repo).withTransaction { transaction in
            try LayerMerge.merge(base: base, layers: layers, metadata: metadata, timestamp: timestamp, in: transaction)
        }
    }
}

extension TarEntries.Entry {
    static func file(
        _ path: String, _ text: String, mode: UInt32 = 0o644, mtime: Int64 = 0, xattrs: [Xattr] = []
    ) -> Self {
        .init(path: path, kind: .regular, permissions: mode, data: Array(text.utf8), mtime: mtime, xattrs: xattrs)
    }

    static func directory(_ path: String, mode: UInt32 = 0o755, uid: UInt32 = 0) -> Self {
        .init(path: path, kind: .directory, uid: uid, gid: uid, permissions: mode)
    }

    static func hardlink(_ path: String, to target: String, mtime: Int64 = 0) -> Self {
        .init(path: path, kind: .hardlink, linkTarget: target, mtime: mtime)
    }

    static func symlink(_ path: String, to target: String) -> Self {
        .init(path: path, kind: .symlink, permissions: 0o777, linkTarget: target)
    }

    static func fifo(_ path: String) -> Self {
        .init(path: path, kind: .other(mode: 0o010000))
    }
}

extension Xattr {
    /// An xattr from text.
    static func text(_ name: String, _ value: String) -> Xattr {
        Xattr(name: Array(name.utf8), value: Array(value.utf8))
    }
}
