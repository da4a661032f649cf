/// Where an entry of a derived (non-ostree) layer lands in the layer commit: path normalization and filtering
/// (format spec §4.1 step 5, with the choices of this importer).
///
/// * A leading `/`, `./`, repeated `/` and `.` components vanish; `..` anywhere is refused by the caller.
/// * `usr/…` is kept; `etc/…` becomes `usr/etc/…` (ostree keeps `/etc` defaults there).
/// * `var/…` is machine state, not image content: the `var` directory itself is kept, what is below it is
///   filtered and counted under `var` (content outside `/usr` and `/etc` is reported, never silently delivered).
/// * `run`, `tmp`, `proc`, `sys`, `dev`: the top-level directory itself is kept, anything below it is filtered
///   and counted under its next component (`run/somefile` counts as `somefile`).
/// * Any other top level (`boot`, `opt`, `sysroot` …) is filtered and counted under its own name, unless
///   non-usr content is allowed.
enum LayerPath {
    /// What happens to one entry.
    enum Placement: Equatable {
        /// Kept at these components of the layer commit (`[]` is the root directory).
        case kept([String])
        /// Dropped, and counted under `name`.
        case filtered(name: String)
    }

    /// Top-level directories that are kept empty: their contents are runtime state, never image content.
    static let runtimeDirectories: Set<String> = ["run", "tmp", "proc", "sys", "dev"]

    /// The components of `path` with a leading `/`, `./`, empty and `.` components removed; `nil` when a
    /// component is `..`.
    static func components(of path: String) -> [String]? {
        let parts = path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
        guard !parts.contains("..") else { return nil }
        return parts.filter { $0 != "." }
    }

    /// Where the normalized path `components` goes.
    static func place(_ components: [String], allowNonUsr: Bool) -> Placement {
        guard let top = components.first else { return .kept([]) }
        switch top {
        case "usr":
            return .kept(components)
        case "var":
            return components.count == 1 ? .kept(components) : .filtered(name: "var")
        case "etc":
            return .kept(["usr"] + components)
        case _ where runtimeDirectories.contains(top):
            return components.count == 1 ? .kept(components) : .filtered(name: components[1])
        default:
            return allowNonUsr ? .kept(components) : .filtered(name: top)
        }
    }

    /// Whether `components` name something inside an ostree repository in the layer (`sysroot/ostree/repo/…`):
    /// the objects a base image's checkout hardlinks point at (format spec §4.1 steps 3 and 4).
    static func isInOstreeRepo(_ components: [String]) -> Bool {
        components.count > 3 && components[0] == "sysroot" && components[1] == "ostree" && components[2] == "repo"
    }
}
