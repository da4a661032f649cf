import Foundation
import Shared

/// A tar stream loaded into memory as editable entries, for building broken and hostile variants of a real
/// export (the fixtures are small). Written back with the product's own libarchive writer, which writes paths
/// and link targets literally.
struct TarEntries {
    struct Entry {
        var path: String
        var kind: TarEntry.Kind
        var uid: UInt32 = 0
        var gid: UInt32 = 0
        var permissions: UInt32 = 0o644
        var data: [UInt8] = []
        var linkTarget: String?
        /// Seconds since the epoch.
        var mtime: Int64 = 0
        /// Written only in the pax format.
        var xattrs: [Xattr] = []
    }

    var entries: [Entry]

    init(_ entries: [Entry]) {
        self.entries = entries
    }

    init(reading path: String) throws {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = try TarReader(fileDescriptor: fd, source: path)
        entries = []
        while let entry = try reader.next() {
            let data = entry.kind == .regular ? try reader.readAll(limit: 1 << 30, path: entry.path) : []
            entries.append(Entry(path: entry.path, kind: entry.kind, uid: entry.uid, gid: entry.gid,
                                 permissions: entry.permissions, data: data, linkTarget: entry.linkTarget,
                                 mtime: entry.mtime, xattrs: entry.xattrs))
        }
    }

    /// The index of the first entry whose path ends with `suffix`.
    func index(endingWith suffix: String) throws -> Int {
        guard let index = entries.firstIndex(where: { $0.path.hasSuffix(suffix) }) else {
            throw RunFailure(message: "no entry ending with \(suffix)")
        }
        return index
    }

    /// The index of the object entry of the regular file object with the largest data.
    func largestFileObject() throws -> Int {
        let candidates = entries.indices.filter { entries[$0].path.hasSuffix(".file") && entries[$0].kind == .regular }
        guard let index = candidates.max(by: { entries[$0].data.count < entries[$1].data.count }) else {
            throw RunFailure(message: "no file object")
        }
        return index
    }

    func write(to path: String, format: TarWriter.Format = .gnutar) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        let writer = try TarWriter(fileDescriptor: fd, format: format)
        for entry in entries {
            switch entry.kind {
            case .directory:
                try writer.writeDirectory(entry.path, uid: entry.uid, gid: entry.gid, mode: entry.permissions,
                                          xattrs: entry.xattrs)
            case .hardlink:
                try writer.writeHardlink(entry.path, target: entry.linkTarget ?? "", uid: entry.uid, gid: entry.gid,
                                         mode: entry.permissions, mtime: entry.mtime)
            case .symlink:
                try writer.writeSymlink(entry.path, target: entry.linkTarget ?? "", uid: entry.uid, gid: entry.gid,
                                        mode: entry.permissions)
            case .other(let mode):
                try writer.writeNode(entry.path, fileType: mode, uid: entry.uid, gid: entry.gid, mode: entry.permissions)
            case .regular:
                try writer.writeFile(entry.path, uid: entry.uid, gid: entry.gid, mode: entry.permissions,
                                     mtime: entry.mtime, xattrs: entry.xattrs, data: entry.data)
            }
        }
        try writer.finish()
    }
}
