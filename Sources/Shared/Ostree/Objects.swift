/// One extended attribute: name (without the trailing NUL that ostree stores) and raw value.
public struct Xattr: Hashable, Sendable {
    public var name: [UInt8]
    public var value: [UInt8]

    public init(name: [UInt8], value: [UInt8]) {
        self.name = name
        self.value = value
    }

    /// The name as text (xattr names are ASCII in practice).
    public var nameString: String { String(decoding: name, as: UTF8.self) }
}

/// A parsed commit object; `bytes` holds the exact serialized form that the checksum covers.
public struct CommitObject: Sendable {
    public let bytes: [UInt8]
    public let metadata: [String: VariantValue]
    public let parent: Checksum?
    public let subject: String
    public let body: String
    /// Seconds since the epoch (stored big-endian in the object).
    public let timestamp: UInt64
    public let rootTree: Checksum
    public let rootMeta: Checksum
}

/// A parsed dirtree object: the files and subdirectories of one directory, each sorted by name.
public struct DirTreeObject: Sendable {
    public struct File: Sendable, Hashable {
        public let name: String
        public let checksum: Checksum
    }

    public struct Directory: Sendable, Hashable {
        public let name: String
        public let tree: Checksum
        public let meta: Checksum
    }

    public let files: [File]
    public let directories: [Directory]
}

/// A parsed dirmeta object: a directory's owner, mode (including `S_IFDIR`) and xattrs.
public struct DirMetaObject: Sendable, Hashable {
    public let uid: UInt32
    public let gid: UInt32
    public let mode: UInt32
    public let xattrs: [Xattr]
}

/// A value of a GVariant `a{sv}` dictionary (commit metadata, detached metadata), in the shapes ostree uses.
public enum VariantValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case uint32(UInt32)
    case uint64(UInt64)
    case int32(Int32)
    case int64(Int64)
    case bytes([UInt8])
    case byteArrays([[UInt8]])
    case strings([String])
    /// Any other type, kept as its type string so that callers can name it in errors.
    case other(type: String)

    /// The string, for `s` values.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
