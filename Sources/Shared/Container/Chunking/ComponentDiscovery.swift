/// Finds the components ("object sources") of a commit when no `--contentmeta` is given, so that every image is
/// chunked: one component per dpkg package from the package database inside the commit, and for files no
/// package owns, stable groups by directory with large files alone.
///
/// ostree-ext puts everything in a single layer without content metadata; chunking by package means an update
/// of a few packages changes a few layers.
public struct ComponentDiscovery {
    /// Where Debian-family ostree systems keep the dpkg database, in order of preference.
    public static let dpkgInfoDirectories = ["usr/share/dpkg/database/info", "usr/lib/dpkg/info", "var/lib/dpkg/info"]
    /// Files at least this large become a component of their own.
    public static let largeFileSize: UInt64 = 4 * 1024 * 1024
    /// Unowned files are grouped by this many leading directories (`/usr/share/locale`).
    public static let groupDepth = 3

    /// Components with sizes, sorted by size descending, and the component identifier of every object.
    public struct Result: Sendable {
        public let components: [ObjectSourceMeta]
        public let mapping: [Checksum: String]
        /// How the components were found: `dpkg` or `paths`.
        public let source: String
    }

    /// Discovers components for `inventory`, the content of `commit`.
    public static func discover(repo: Repo, commit: Checksum, inventory: ContentInventory) throws -> Result {
        let owners = try dpkgOwners(repo: repo, commit: commit)
        var mapping: [Checksum: String] = [:]
        var sizes: [String: UInt64] = [:]
        for object in inventory.objects {
            let identifier = object.paths.lazy.compactMap { owners[$0] }.first ?? pathGroup(object)
            mapping[object.checksum] = identifier
            sizes[identifier, default: 0] += object.size
        }
        let components = sizes.map { identifier, size in
            ObjectSourceMeta(
                identifier: identifier, name: identifier, srcid: identifier, changeTimeOffset: 0, changeFrequency: 1,
                size: size)
        }
        .sorted { $0.size != $1.size ? $0.size > $1.size : $0.identifier < $1.identifier }
        return Result(components: components, mapping: mapping, source: owners.isEmpty ? "paths" : "dpkg")
    }

    /// Maps commit paths (`/usr/bin/bash`) to the dpkg package that lists them.
    static func dpkgOwners(repo: Repo, commit: Checksum) throws -> [String: String] {
        let root = try repo.loadCommit(commit).rootTree
        for directory in dpkgInfoDirectories {
            guard let info = try? repo.directoryTree(at: CommitPath(parsing: directory), below: root, in: "commit")
            else { continue }
            var owners: [String: String] = [:]
            for file in try repo.loadDirTree(info).files where file.name.hasSuffix(".list") {
                let package = String(file.name.dropLast(5).split(separator: ":").first ?? "")
                let list = try repo.readContent(file.checksum, limit: 64 * 1024 * 1024)
                for line in list.split(separator: UInt8(ascii: "\n")) {
                    for path in commitPaths(forListed: String(decoding: line, as: UTF8.self)) {
                        owners[path] = owners[path] ?? package
                    }
                }
            }
            if !owners.isEmpty { return owners }
        }
        return [:]
    }

    /// The paths a dpkg-listed path can have in an ostree commit: as listed, `/etc` moved to `/usr/etc`, and the
    /// merged-`/usr` spelling of `/bin`, `/sbin` and `/lib*`.
    static func commitPaths(forListed path: String) -> [String] {
        guard path.hasPrefix("/"), path != "/." else { return [] }
        if path == "/etc" || path.hasPrefix("/etc/") { return ["/usr" + path] }
        let top = path.dropFirst().prefix { $0 != "/" }
        if top == "bin" || top == "sbin" || top.hasPrefix("lib") { return [path, "/usr" + path] }
        return [path]
    }

    /// The group of a file no package owns: its first path's leading directories, or the path itself when large.
    static func pathGroup(_ object: ContentInventory.Object) -> String {
        let path = object.paths.first ?? "/"
        if object.size >= largeFileSize { return "file:\(path)" }
        let directories = path.split(separator: "/").dropLast().prefix(groupDepth)
        return "dir:/" + directories.joined(separator: "/")
    }
}
