/// Parsing of serialized ostree metadata objects into the Swift models of `Ostree/Objects.swift`.
///
/// Bytes from a tar stream are untrusted: they must be the normal form of the object's GVariant type, or the
/// object is rejected (GVariant would otherwise read garbage as default values).
enum ObjectParser {
    /// Wraps `bytes` as a variant of `type`'s GVariant type after checking they are in normal form.
    static func variant(_ type: ObjectType, _ bytes: [UInt8], name: String) throws -> GVariantRef {
        guard let typeString = type.variantType else {
            throw ToolError(.invalidArgument, "\(name) is not a metadata object")
        }
        let variant = GVariantRef(type: typeString, bytes: bytes)
        guard variant.isNormalForm else {
            throw ToolError(.corrupt, "\(name) is not a valid \(type.rawValue) object (not in GVariant normal form)")
        }
        return variant
    }

    static func commit(_ bytes: [UInt8], name: String) throws -> CommitObject {
        let v = try variant(.commit, bytes, name: name)
        let parentBytes = v.child(1).byteArray
        guard let rootTree = Checksum(bytes: v.child(6).byteArray),
            let rootMeta = Checksum(bytes: v.child(7).byteArray),
            parentBytes.isEmpty || parentBytes.count == 32
        else {
            throw ToolError(.corrupt, "\(name) has a malformed checksum field")
        }
        return CommitObject(
            bytes: bytes,
            metadata: v.child(0).metadataDictionary,
            parent: Checksum(bytes: parentBytes),
            subject: v.child(3).string,
            body: v.child(4).string,
            timestamp: UInt64(bigEndian: v.child(5).uint64),
            rootTree: rootTree,
            rootMeta: rootMeta)
    }

    static func dirTree(_ bytes: [UInt8], name: String) throws -> DirTreeObject {
        let v = try variant(.dirtree, bytes, name: name)
        var files: [DirTreeObject.File] = []
        for entry in v.child(0).children {
            guard let checksum = Checksum(bytes: entry.child(1).byteArray) else {
                throw ToolError(.corrupt, "\(name) has a malformed file checksum")
            }
            files.append(.init(name: entry.child(0).string, checksum: checksum))
        }
        var directories: [DirTreeObject.Directory] = []
        for entry in v.child(1).children {
            guard let tree = Checksum(bytes: entry.child(1).byteArray),
                let meta = Checksum(bytes: entry.child(2).byteArray)
            else {
                throw ToolError(.corrupt, "\(name) has a malformed directory checksum")
            }
            directories.append(.init(name: entry.child(0).string, tree: tree, meta: meta))
        }
        return DirTreeObject(files: files, directories: directories)
    }

    static func dirMeta(_ bytes: [UInt8], name: String) throws -> DirMetaObject {
        let v = try variant(.dirmeta, bytes, name: name)
        return DirMetaObject(
            uid: UInt32(bigEndian: v.child(0).uint32),
            gid: UInt32(bigEndian: v.child(1).uint32),
            mode: UInt32(bigEndian: v.child(2).uint32),
            xattrs: v.child(3).xattrs)
    }

    /// Parses an `a{sv}` metadata dictionary (commit metadata, detached metadata).
    static func metadata(_ bytes: [UInt8], name: String) throws -> [String: VariantValue] {
        try variant(.commitmeta, bytes, name: name).metadataDictionary
    }

    /// Parses and validates a serialized `a(ayay)` xattrs blob.
    static func xattrs(_ bytes: [UInt8], name: String) throws -> GVariantRef {
        let v = GVariantRef(type: "a(ayay)", bytes: bytes)
        guard v.isNormalForm else {
            throw ToolError(.corrupt, "\(name) is not a valid xattrs object (not in GVariant normal form)")
        }
        return v
    }
}

extension CommitObject {
    /// Parses a serialized commit; the bytes must be in normal form.
    public init(parsing bytes: [UInt8], name: String) throws {
        self = try ObjectParser.commit(bytes, name: name)
    }
}

extension DirTreeObject {
    /// Parses a serialized dirtree; the bytes must be in normal form.
    public init(parsing bytes: [UInt8], name: String) throws {
        self = try ObjectParser.dirTree(bytes, name: name)
    }
}

extension DirMetaObject {
    /// Parses a serialized dirmeta; the bytes must be in normal form.
    public init(parsing bytes: [UInt8], name: String) throws {
        self = try ObjectParser.dirMeta(bytes, name: name)
    }
}

/// Decoding of an `a{sv}` dictionary, for commit and detached metadata bytes.
public enum MetadataDictionary {
    /// Parses serialized `a{sv}` bytes; `name` is used in the error when they are not in normal form.
    public static func parse(_ bytes: [UInt8], name: String) throws -> [String: VariantValue] {
        try ObjectParser.metadata(bytes, name: name)
    }

    /// Serializes a dictionary as `a{sv}` bytes, keys in byte order (commit and detached metadata).
    public static func serialize(_ dictionary: [String: VariantValue]) -> [UInt8] {
        GVariantRef.metadataDictionary(dictionary).bytes
    }

    /// Serializes xattrs in ostree's `a(ayay)` form (the bytes a `.file-xattrs` object holds).
    public static func serializeXattrs(_ xattrs: [Xattr]) -> [UInt8] {
        GVariantRef.xattrs(xattrs).bytes
    }
}
