internal import COSTree

/// A directory tree composed in memory for a commit: libostree's `OstreeMutableTree`.
///
/// A tree made from a commit or a dirtree is lazy: each directory is read from the repository when it is first
/// touched, and a subtree nobody touched is written back as the dirtree it came from, without being read. Names
/// are single path components (`ot_util_filename_validate`: not empty, `.`, `..`, nor containing `/`).
///
/// Not `Sendable`: use it on the thread of the `Repo` it reads from. Every method throws the `GLibError` libostree
/// reports (a name clash, or a lazy directory whose dirtree cannot be loaded); callers add the path.
public final class MutableTree {
    let raw: OpaquePointer

    private init(taking raw: OpaquePointer) { self.raw = raw }

    deinit { g_object_unref(UnsafeMutableRawPointer(raw)) }

    /// An empty directory without metadata (`ostree_mutable_tree_new`); set `metadataChecksum` before writing it.
    public convenience init() {
        self.init(taking: ostree_mutable_tree_new())
    }

    /// The root directory of `commit`, loaded lazily (`ostree_mutable_tree_new_from_commit`).
    /// - Throws: `ToolError(.notFound)` naming the commit when it cannot be loaded.
    public convenience init(repo: Repo, commit: Checksum) throws {
        let raw: OpaquePointer
        do {
            raw = try gcallReturning { ostree_mutable_tree_new_from_commit(repo.raw, commit.hex, $0) }
        } catch {
            throw ToolError(.notFound, "cannot load the tree of commit \(commit)", underlying: error)
        }
        self.init(taking: raw)
    }

    /// The directory with dirtree `tree` and dirmeta `meta`, loaded lazily (`ostree_mutable_tree_new_from_checksum`).
    public convenience init(repo: Repo, tree: Checksum, meta: Checksum) {
        self.init(taking: ostree_mutable_tree_new_from_checksum(repo.raw, tree.hex, meta.hex))
    }

    /// One entry of a directory.
    public enum Child {
        /// A file (regular or symlink): its content object.
        case file(Checksum)
        /// A subdirectory, shared with this tree: changing it changes this tree.
        case directory(MutableTree)
    }

    /// The directory's dirmeta checksum (`ostree_mutable_tree_get_metadata_checksum` /
    /// `ostree_mutable_tree_set_metadata_checksum`); `nil` for a new directory nobody gave metadata yet.
    public var metadataChecksum: Checksum? {
        get { ostree_mutable_tree_get_metadata_checksum(raw).flatMap { Checksum(hex: String(cString: $0)) } }
        set { ostree_mutable_tree_set_metadata_checksum(raw, newValue?.hex) }
    }

    /// The subdirectory `name`, created empty (no metadata) when absent (`ostree_mutable_tree_ensure_dir`).
    /// - Throws: `GLibError` when `name` is a file here.
    public func directory(_ name: String) throws(GLibError) -> MutableTree {
        var out: OpaquePointer?
        try gcall { ostree_mutable_tree_ensure_dir(raw, name, &out, $0) }
        guard let out else { throw GLibError(message: "no directory \(name) after creating it") }
        return MutableTree(taking: out)
    }

    /// Sets the file `name` to the content object `checksum` (`ostree_mutable_tree_replace_file`).
    /// - Throws: `GLibError` when `name` is a directory here.
    public func replaceFile(_ name: String, _ checksum: Checksum) throws(GLibError) {
        try gcall { ostree_mutable_tree_replace_file(raw, name, checksum.hex, $0) }
    }

    /// Removes the file or directory `name`; nothing happens when there is none (`ostree_mutable_tree_remove`).
    public func remove(_ name: String) throws(GLibError) {
        try gcall { ostree_mutable_tree_remove(raw, name, 1, $0) }
    }

    /// The entry `name`, or `nil` when there is none.
    public func child(_ name: String) throws(GLibError) -> Child? {
        let tables = try loadedTables()
        if let subdir = g_hash_table_lookup(tables.subdirs, name) {
            return .directory(MutableTree(taking: OpaquePointer(g_object_ref(subdir))))
        }
        guard let value = g_hash_table_lookup(tables.files, name) else { return nil }
        return .file(try Self.checksum(value, name: name))
    }

    /// The files of this directory (name, content checksum) and its subdirectories, each sorted by name bytes
    /// (the order of a dirtree), whatever order libostree's hash tables hold them in.
    public func entries() throws(GLibError) -> (
        files: [(name: String, checksum: Checksum)],
        directories: [(name: String, tree: MutableTree)]
    ) {
        let tables = try loadedTables()
        var files: [(name: String, checksum: Checksum)] = []
        for (name, value) in stringKeyedEntries(tables.files) {
            files.append((name, try Self.checksum(value, name: name)))
        }
        let directories = stringKeyedEntries(tables.subdirs).map { name, value in
            (name: name, tree: MutableTree(taking: OpaquePointer(g_object_ref(value))))
        }
        return (
            files.sorted { PathOrder.precedes($0.name, $1.name) },
            directories.sorted { PathOrder.precedes($0.name, $1.name) }
        )
    }

    /// Turns this empty directory into the lazy directory `tree`/`meta` without reading it
    /// (`ostree_mutable_tree_fill_empty_from_dirtree`).
    /// - Returns: `false` when this directory is not empty and nothing changed.
    public func fillEmpty(repo: Repo, tree: Checksum, meta: Checksum) -> Bool {
        ostree_mutable_tree_fill_empty_from_dirtree(raw, repo.raw, tree.hex, meta.hex) != 0
    }

    /// The file and subdirectory hash tables, after loading a lazy directory (`ostree_mutable_tree_get_files`,
    /// which caches a load failure, then `ostree_mutable_tree_check_error`). Owned by the tree (transfer none).
    private func loadedTables() throws(GLibError) -> (files: OpaquePointer, subdirs: OpaquePointer) {
        let files = ostree_mutable_tree_get_files(raw)
        try gcall { ostree_mutable_tree_check_error(raw, $0) }
        guard let files, let subdirs = ostree_mutable_tree_get_subdirs(raw) else {
            throw GLibError(message: "mutable tree has no entry tables")
        }
        return (files, subdirs)
    }

    private static func checksum(_ value: UnsafeMutableRawPointer, name: String) throws(GLibError) -> Checksum {
        let hex = String(cString: value.assumingMemoryBound(to: CChar.self))
        guard let checksum = Checksum(hex: hex) else {
            throw GLibError(message: "file \(name) has an invalid checksum '\(hex)'")
        }
        return checksum
    }
}

/// Runs `MutableTree` calls, reporting a `GLibError` as `ToolError(.ostree, message)`; other errors pass unchanged.
func treeCall<T>(_ message: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as GLibError {
        throw ToolError(.ostree, message(), underlying: error)
    }
}
