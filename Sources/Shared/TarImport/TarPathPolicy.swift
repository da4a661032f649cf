/// The rules every entry of an imported stream must follow, whether or not it names an object: no absolute
/// paths, no `..` components, no device nodes or FIFOs. Checkout entries are never written by the importer,
/// but a stream that carries such paths is hostile or broken, and is refused with the entry named.
enum TarPathPolicy {
    static func validate(_ entry: TarEntry) throws {
        let path = entry.path
        guard !path.isEmpty else { throw ToolError(.corrupt, "tar entry with an empty path") }
        guard !path.hasPrefix("/") else { throw ToolError(.corrupt, "absolute path in tar stream: \(path)") }
        guard !path.hasParentComponent else {
            throw ToolError(.corrupt, "path with '..' in tar stream: \(path)")
        }
        if entry.kind == .hardlink, let target = entry.linkTarget,
            target.hasPrefix("/") || target.hasParentComponent
        {
            // The relative `../XX/….file-xattrs` form of an xattrs link is the one allowed `..`.
            guard TarObjectPath.repoRelative(path)?.hasSuffix(".file-xattrs-link") == true else {
                throw ToolError(.corrupt, "hardlink \(path) points outside the stream: \(target)")
            }
        }
        if case .other(let mode) = entry.kind {
            throw ToolError(.corrupt, "unsupported tar entry type (mode \(String(mode, radix: 8))) at \(path)")
        }
    }
}
