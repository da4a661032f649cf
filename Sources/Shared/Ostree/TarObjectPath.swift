/// Paths of repository objects inside an ostree-ext tar stream (format spec §2.2 and §3.2).
///
/// The stream is also a `bare-split-xattrs` repository rooted at `sysroot/ostree/repo/`: objects live at
/// `sysroot/ostree/repo/objects/XX/YYYY….EXT`, named by their checksum.
public enum TarObjectPath {
    /// The repository root inside the stream.
    public static let repoRoot = "sysroot/ostree/repo"

    /// What a repository path inside the stream names.
    public enum Kind: String, Sendable, Equatable {
        case commit, commitmeta, dirtree, dirmeta, file
        /// A serialized `a(ayay)` blob named by its own sha256 (v1).
        case fileXattrs = "file-xattrs"
        /// The link from a content object to its xattrs blob (v1).
        case fileXattrsLink = "file-xattrs-link"
        /// The legacy v0 link `….file.xattrs`.
        case legacyXattrsLink = "xattrs"

        /// The repository object type, for the five object kinds.
        public var objectType: ObjectType? { ObjectType(rawValue: rawValue) }
    }

    /// A parsed repository path.
    public enum Parsed: Equatable, Sendable {
        case object(Checksum, Kind)
        /// A legacy v0 xattrs blob `xattrs/<checksum>`.
        case legacyXattrsBlob(Checksum)
        /// Anything else under the repository root (config, refs, directories): not an object.
        case ignored
    }

    /// The stream path of an object: `sysroot/ostree/repo/objects/XX/YYYY….EXT`.
    public static func path(_ checksum: Checksum, _ kind: Kind) -> String {
        let hex = checksum.hex
        return "\(repoRoot)/objects/\(hex.prefix(2))/\(hex.dropFirst(2)).\(kind.rawValue)"
    }

    /// The repository-relative part of a stream path (`objects/…`), or `nil` when the path is outside
    /// `sysroot/ostree/repo/` (checkout entries). Matching is component-wise and exact, as ostree-ext does.
    public static func repoRelative(_ streamPath: String) -> String? {
        let components = streamPath.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count > 3, components[0] == "sysroot", components[1] == "ostree", components[2] == "repo"
        else { return nil }
        return components[3...].joined(separator: "/")
    }

    /// Parses a repository-relative path (`objects/XX/YYYY….EXT`, `xattrs/<checksum>`).
    /// - Throws: `ToolError(.corrupt)` naming the path for a malformed shard, checksum or object type.
    public static func parse(repoPath: String) throws -> Parsed {
        let components = repoPath.split(separator: "/", omittingEmptySubsequences: false)
        if components.first == "xattrs", components.count == 2 {
            guard let checksum = Checksum(hex: components[1]) else {
                throw ToolError(.corrupt, "invalid checksum in legacy xattrs path \(repoPath)")
            }
            return .legacyXattrsBlob(checksum)
        }
        guard components.first == "objects", components.count == 3 else { return .ignored }
        return try parseObject(shard: components[1], name: components[2], path: repoPath)
    }

    /// Parses `XX/YYYY….EXT` (the last two components of an object path).
    static func parseObject(shard: Substring, name: Substring, path: String) throws -> Parsed {
        guard shard.utf8.count == 2 else { throw ToolError(.corrupt, "invalid checksum shard in object path \(path)") }
        guard let dot = name.lastIndex(of: ".") else {
            throw ToolError(.corrupt, "object path \(path) has no object type")
        }
        let typeText = name[name.index(after: dot)...]
        guard let kind = Kind(rawValue: String(typeText)) else {
            throw ToolError(.corrupt, "invalid object type '\(typeText)' in \(path)")
        }
        var stem = name[..<dot]
        if kind == .legacyXattrsLink {
            guard stem.hasSuffix(".file") else { throw ToolError(.corrupt, "invalid object type in \(path)") }
            stem = stem.dropLast(5)
        }
        guard stem.utf8.count == 62, let checksum = Checksum(hex: shard + stem) else {
            throw ToolError(.corrupt, "invalid sha256 checksum in object path \(path)")
        }
        return .object(checksum, kind)
    }

    /// The xattrs checksum a `.file-xattrs-link` hardlink points at. Accepts the full stream path and the
    /// relative `../XX/YYYY….file-xattrs` form.
    public static func parseXattrsLinkTarget(_ target: String) throws -> Checksum {
        let components = target.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count >= 2 else { throw ToolError(.corrupt, "invalid xattrs link target '\(target)'") }
        let full = "\(repoRoot)/objects/"
        let relativeOK = components.count == 3 && components[0] == ".."
        guard relativeOK || (target.hasPrefix(full) && components.count == 6) else {
            throw ToolError(.corrupt, "invalid xattrs link target '\(target)'")
        }
        let parsed = try parseObject(
            shard: components[components.count - 2], name: components[components.count - 1], path: target)
        guard case .object(let checksum, .fileXattrs) = parsed else {
            throw ToolError(.corrupt, "xattrs link target '\(target)' is not a .file-xattrs object")
        }
        return checksum
    }

    /// The checkout path shown in the stream for a commit path: `usr/etc[/…]` becomes `etc[/…]` (component-wise).
    public static func checkoutPath(_ commitPath: String) -> String {
        if commitPath == "usr/etc" { return "etc" }
        if commitPath.hasPrefix("usr/etc/") { return String(commitPath.dropFirst(4)) }
        return commitPath
    }
}
