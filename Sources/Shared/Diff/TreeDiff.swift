/// What changed between two directory trees of ostree commits (ostree-ext's `FileTreeDiff`, spec §7).
///
/// Paths are absolute within the compared tree (the commit root, or `subdir` when one was given), without a
/// trailing `/`, and each list is sorted in byte order (`PathOrder`). An added or removed directory is listed
/// once, at its top; its children are not. A path whose type changed between a file and a directory is listed
/// as removed in one list and added in the other. The compared root itself is never listed, as in ostree-ext.
public struct TreeDiff: Sendable, Hashable {
    /// The directory both trees were compared at (`/usr/lib`), or `nil` for the whole commit.
    public let subdir: String?
    /// Files (regular files and symlinks) present only in the new tree, outside added directories.
    public let addedFiles: [String]
    /// Directories present only in the new tree (the top of each new subtree).
    public let addedDirs: [String]
    /// Files present only in the old tree, outside removed directories.
    public let removedFiles: [String]
    /// Directories present only in the old tree (the top of each removed subtree).
    public let removedDirs: [String]
    /// Files whose content object differs: data, owner, mode, xattrs or symlink target.
    public let changedFiles: [String]
    /// Directories present in both trees whose metadata (owner, mode, xattrs) differs.
    public let changedDirs: [String]

    /// Creates a diff; every list is sorted in byte order, whatever order it is given in.
    public init(
        subdir: String? = nil, addedFiles: [String] = [], addedDirs: [String] = [], removedFiles: [String] = [],
        removedDirs: [String] = [], changedFiles: [String] = [], changedDirs: [String] = []
    ) {
        self.subdir = subdir
        self.addedFiles = PathOrder.sorted(addedFiles)
        self.addedDirs = PathOrder.sorted(addedDirs)
        self.removedFiles = PathOrder.sorted(removedFiles)
        self.removedDirs = PathOrder.sorted(removedDirs)
        self.changedFiles = PathOrder.sorted(changedFiles)
        self.changedDirs = PathOrder.sorted(changedDirs)
    }

    /// Whether the trees are the same.
    public var isEmpty: Bool { entries.isEmpty }

    /// Every change as one list, sorted by path in byte order (all kinds merged, as the text output prints them);
    /// at a path that changed type the removal comes before the addition.
    public var entries: [DiffEntry] {
        let all: [DiffEntry] =
            removedFiles.map { DiffEntry(.removed, $0, isDirectory: false) }
            + removedDirs.map { DiffEntry(.removed, $0, isDirectory: true) }
            + addedFiles.map { DiffEntry(.added, $0, isDirectory: false) }
            + addedDirs.map { DiffEntry(.added, $0, isDirectory: true) }
            + changedFiles.map { DiffEntry(.changed, $0, isDirectory: false) }
            + changedDirs.map { DiffEntry(.changed, $0, isDirectory: true) }
        return all.sorted(by: DiffEntry.precedes)
    }
}
