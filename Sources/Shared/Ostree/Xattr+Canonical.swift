extension Xattr {
    /// `xattrs` in the order ostree gives the xattrs of files it commits from disk: sorted by name bytes, one
    /// value per name (the last one given wins). Writing in this order makes an object's checksum independent of
    /// the order its source (a PAX header) listed them in.
    public static func canonical(_ xattrs: [Xattr]) -> [Xattr] {
        var byName: [[UInt8]: [UInt8]] = [:]
        for xattr in xattrs { byName[xattr.name] = xattr.value }
        return byName.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { Xattr(name: $0, value: byName[$0] ?? []) }
    }
}
