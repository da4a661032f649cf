internal import COSTree
import Foundation

/// An open ostree repository. Every read and write of repository content goes through libostree here.
///
/// Not `Sendable`: a `Repo` is confined to the thread that uses it, as libostree's `OstreeRepo` is not safe for
/// concurrent use of one handle without care.
public final class Repo {
    let raw: OpaquePointer
    /// The path the repository was opened at.
    public let path: String

    private init(raw: OpaquePointer, path: String) {
        self.raw = raw
        self.path = path
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(raw)) }

    /// Opens the repository at `path` (`ostree_repo_new` + `ostree_repo_open`).
    /// - Throws: `ToolError(.notFound)` when there is no repository there.
    public convenience init(path: String) throws {
        let file = g_file_new_for_path(path)
        defer { g_object_unref(UnsafeMutableRawPointer(file)) }
        guard let repo = ostree_repo_new(file) else { throw ToolError(.ostree, "cannot allocate a repository") }
        self.init(raw: repo, path: path)
        do {
            try gcall { ostree_repo_open(repo, nil, $0) }
        } catch {
            throw ToolError(.notFound, "cannot open repository \(path)", underlying: error)
        }
    }

    /// Creates a repository of `mode` at `path`, or opens it if one already exists (`ostree_repo_create_at`).
    public static func create(at path: String, mode: RepoMode) throws -> Repo {
        let repo: OpaquePointer
        do {
            repo = try gcallReturning { ostree_repo_create_at(AT_FDCWD, path, mode.cValue, nil, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot create repository \(path)", underlying: error)
        }
        return Repo(raw: repo, path: path)
    }

    /// The repository's storage mode (`ostree_repo_get_mode`).
    public var mode: RepoMode { RepoMode(ostree_repo_get_mode(raw)) }

    /// Resolves a ref, `REF^`, full or abbreviated checksum to a commit checksum (`ostree_repo_resolve_rev`).
    /// - Throws: `ToolError(.notFound)` naming `rev` when it resolves to nothing.
    public func resolve(_ rev: String) throws -> Checksum {
        var out: UnsafeMutablePointer<CChar>?
        do {
            try gcall { ostree_repo_resolve_rev(raw, rev, 0, &out, $0) }
        } catch {
            throw ToolError(.notFound, "cannot resolve '\(rev)'", underlying: error)
        }
        guard let out, let checksum = Checksum(hex: takeGString(out)) else {
            throw ToolError(.notFound, "cannot resolve '\(rev)'")
        }
        return checksum
    }

    /// Whether the object is present (in the repo or the current transaction's staging area).
    public func hasObject(_ type: ObjectType, _ checksum: Checksum) throws -> Bool {
        var have: gboolean = 0
        do {
            try gcall { ostree_repo_has_object(raw, type.cValue, checksum.hex, &have, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot look up \(checksum).\(type.rawValue)", underlying: error)
        }
        return have != 0
    }

    /// The serialized bytes of a metadata object, exactly as stored (`ostree_repo_load_variant`).
    public func loadMetadataBytes(_ type: ObjectType, _ checksum: Checksum) throws -> [UInt8] {
        try loadVariant(type, checksum).bytes
    }

    func loadVariant(_ type: ObjectType, _ checksum: Checksum) throws -> GVariantRef {
        var out: OpaquePointer?
        do {
            try gcall { ostree_repo_load_variant(raw, type.cValue, checksum.hex, &out, $0) }
        } catch {
            throw ToolError(.notFound, "cannot load \(type.rawValue) object \(checksum)", underlying: error)
        }
        guard let out else { throw ToolError(.notFound, "cannot load \(type.rawValue) object \(checksum)") }
        return GVariantRef(taking: out)
    }

    /// Loads and parses a commit object.
    public func loadCommit(_ checksum: Checksum) throws -> CommitObject {
        try ObjectParser.commit(loadMetadataBytes(.commit, checksum), name: "\(checksum).commit")
    }

    /// Loads and parses a dirtree object.
    public func loadDirTree(_ checksum: Checksum) throws -> DirTreeObject {
        try ObjectParser.dirTree(loadMetadataBytes(.dirtree, checksum), name: "\(checksum).dirtree")
    }

    /// Loads and parses a dirmeta object.
    public func loadDirMeta(_ checksum: Checksum) throws -> DirMetaObject {
        try ObjectParser.dirMeta(loadMetadataBytes(.dirmeta, checksum), name: "\(checksum).dirmeta")
    }

    /// The serialized `a{sv}` detached metadata of a commit, or `nil` when it has none
    /// (`ostree_repo_read_commit_detached_metadata`).
    public func detachedMetadata(of commit: Checksum) throws -> [UInt8]? {
        var out: OpaquePointer?
        do {
            try gcall { ostree_repo_read_commit_detached_metadata(raw, commit.hex, &out, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot read detached metadata of \(commit)", underlying: error)
        }
        guard let out else { return nil }
        return GVariantRef(taking: out).bytes
    }

    /// Opens a content object for streaming (`ostree_repo_load_file`).
    public func openContent(_ checksum: Checksum) throws -> ContentObject {
        var input: UnsafeMutablePointer<GInputStream>?
        var info: OpaquePointer?
        var xattrs: OpaquePointer?
        do {
            try gcall { ostree_repo_load_file(raw, checksum.hex, &input, &info, &xattrs, nil, $0) }
        } catch {
            throw ToolError(.notFound, "cannot load file object \(checksum)", underlying: error)
        }
        guard let info else { throw ToolError(.notFound, "cannot load file object \(checksum)") }
        defer { g_object_unref(UnsafeMutableRawPointer(info)) }
        let xattrVariant = xattrs.map { GVariantRef(taking: $0) } ?? GVariantRef.emptyXattrs()
        let isSymlink = g_file_info_get_file_type(info) == G_FILE_TYPE_SYMBOLIC_LINK
        return ContentObject(
            checksum: checksum,
            uid: g_file_info_get_attribute_uint32(info, "unix::uid"),
            gid: g_file_info_get_attribute_uint32(info, "unix::gid"),
            mode: g_file_info_get_attribute_uint32(info, "unix::mode"),
            size: isSymlink ? 0 : UInt64(g_file_info_get_size(info)),
            symlinkTarget: isSymlink ? g_file_info_get_symlink_target(info).map { String(cString: $0) } : nil,
            xattrsBytes: xattrVariant.bytes,
            xattrs: xattrVariant.xattrs,
            stream: input.map(InputStream.init(taking:)))
    }
}

/// A content object opened for reading: its header fields and, for regular files, a data stream.
public final class ContentObject {
    public let checksum: Checksum
    public let uid: UInt32
    public let gid: UInt32
    /// The full mode, including `S_IFMT` bits.
    public let mode: UInt32
    /// Data length (0 for symlinks).
    public let size: UInt64
    /// The target, for symlinks (`nil` for regular files).
    public let symlinkTarget: String?
    /// The serialized `a(ayay)` xattrs, exactly as ostree checksums them.
    public let xattrsBytes: [UInt8]
    public let xattrs: [Xattr]
    let stream: InputStream?

    init(
        checksum: Checksum, uid: UInt32, gid: UInt32, mode: UInt32, size: UInt64, symlinkTarget: String?,
        xattrsBytes: [UInt8], xattrs: [Xattr], stream: InputStream?
    ) {
        self.checksum = checksum
        self.uid = uid
        self.gid = gid
        self.mode = mode
        self.size = size
        self.symlinkTarget = symlinkTarget
        self.xattrsBytes = xattrsBytes
        self.xattrs = xattrs
        self.stream = stream
    }

    public var isSymlink: Bool { symlinkTarget != nil }
}

/// A `GInputStream` reference, read in chunks (`g_input_stream_read`).
final class InputStream {
    let raw: UnsafeMutablePointer<GInputStream>

    init(taking raw: UnsafeMutablePointer<GInputStream>) { self.raw = raw }
    deinit { g_object_unref(raw) }

    /// Reads up to `buffer.count` bytes; 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(GLibError) -> Int {
        var error: UnsafeMutablePointer<GError>?
        let count = g_input_stream_read(raw, buffer.baseAddress, gsize(buffer.count), nil, &error)
        if count < 0 {
            guard let error else { throw GLibError(message: "read failed") }
            throw GLibError(taking: error)
        }
        return count
    }
}

extension RepoMode {
    init(_ mode: OstreeRepoMode) {
        switch mode {
        case OSTREE_REPO_MODE_BARE: self = .bare
        case OSTREE_REPO_MODE_ARCHIVE: self = .archive
        case OSTREE_REPO_MODE_BARE_USER: self = .bareUser
        case OSTREE_REPO_MODE_BARE_USER_ONLY: self = .bareUserOnly
        default: self = .bareSplitXattrs
        }
    }

    var cValue: OstreeRepoMode {
        switch self {
        case .bare: OSTREE_REPO_MODE_BARE
        case .archive: OSTREE_REPO_MODE_ARCHIVE
        case .bareUser: OSTREE_REPO_MODE_BARE_USER
        case .bareUserOnly: OSTREE_REPO_MODE_BARE_USER_ONLY
        case .bareSplitXattrs: OSTREE_REPO_MODE_BARE_SPLIT_XATTRS
        }
    }
}

extension ObjectType {
    var cValue: OstreeObjectType {
        switch self {
        case .commit: OSTREE_OBJECT_TYPE_COMMIT
        case .commitmeta: OSTREE_OBJECT_TYPE_COMMIT_META
        case .dirtree: OSTREE_OBJECT_TYPE_DIR_TREE
        case .dirmeta: OSTREE_OBJECT_TYPE_DIR_META
        case .file: OSTREE_OBJECT_TYPE_FILE
        }
    }
}

extension Repo {
    /// The data of a small regular file object (a dpkg `.list` file, a config file), read whole.
    /// - Throws: `ToolError(.corrupt)` naming the object when it is larger than `limit`.
    public func readContent(_ checksum: Checksum, limit: Int) throws -> [UInt8] {
        let content = try openContent(checksum)
        guard content.size <= UInt64(limit) else {
            throw ToolError(.corrupt, "file object \(checksum) is larger than \(limit) bytes")
        }
        guard let stream = content.stream else { return [] }
        return try stream.readAll(
            limit: limit, tooLarge: ToolError(.corrupt, "file object \(checksum) is larger than \(limit) bytes"))
    }
}
