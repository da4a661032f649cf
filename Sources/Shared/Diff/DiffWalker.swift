/// Compares two directory trees by walking them together (spec §7).
///
/// A subdirectory is entered only when its dirtree checksums differ, and its dirmeta checksums are compared
/// without loading either object, so the cost grows with the size of the change, not of the trees: two identical
/// trees cost no load at all, one changed file at depth d costs 2·(d+1) dirtree loads.
public struct DiffWalker<Source: DirTreeSource> {
    private let source: Source

    /// A walker that loads dirtrees from `source`.
    public init(source: Source) { self.source = source }

    /// The difference between the trees `from` and `to` (dirtree checksums).
    /// - Parameter subdir: recorded in the result; the trees are those of that directory already.
    /// - Throws: the source's error when a dirtree cannot be loaded.
    public func diff(from: Checksum, to: Checksum, subdir: String? = nil) throws -> TreeDiff {
        var changes = Changes()
        // An explicit stack rather than recursion: depth is bounded by the trees, not by Swift's stack.
        var pending = [Pair(from: from, to: to, prefix: "")]
        while let pair = pending.popLast() {
            guard pair.from != pair.to else { continue }
            let old = try source.loadDirTree(pair.from)
            let new = try source.loadDirTree(pair.to)
            pending += changes.compare(old, new, prefix: pair.prefix)
        }
        return TreeDiff(
            subdir: subdir, addedFiles: changes.addedFiles, addedDirs: changes.addedDirs,
            removedFiles: changes.removedFiles, removedDirs: changes.removedDirs,
            changedFiles: changes.changedFiles, changedDirs: changes.changedDirs)
    }
}

/// Two directories at the same path that still have to be compared.
private struct Pair {
    let from: Checksum
    let to: Checksum
    /// The path of the directory (`""` for the compared root), to which `/name` is appended.
    let prefix: String
}

private struct Changes {
    var addedFiles: [String] = []
    var addedDirs: [String] = []
    var removedFiles: [String] = []
    var removedDirs: [String] = []
    var changedFiles: [String] = []
    var changedDirs: [String] = []

    /// Records the differences between the entries of one directory and returns the subdirectories to descend.
    mutating func compare(_ old: DirTreeObject, _ new: DirTreeObject, prefix: String) -> [Pair] {
        let files = Matching(old.files, new.files, prefix: prefix)
        removedFiles += files.removed
        addedFiles += files.added
        changedFiles += files.common.filter { $0.old.checksum != $0.new.checksum }.map(\.path)
        let dirs = Matching(old.directories, new.directories, prefix: prefix)
        removedDirs += dirs.removed
        addedDirs += dirs.added
        changedDirs += dirs.common.filter { $0.old.meta != $0.new.meta }.map(\.path)
        return dirs.common.filter { $0.old.tree != $0.new.tree }.map {
            Pair(from: $0.old.tree, to: $0.new.tree, prefix: $0.path)
        }
    }
}

/// A dirtree entry, file or directory.
private protocol NamedEntry {
    var name: String { get }
}

extension DirTreeObject.File: NamedEntry {}
extension DirTreeObject.Directory: NamedEntry {}

/// The entries of one kind in an old and a new directory, matched by name.
///
/// Names are compared as bytes: Swift's `String` equality would merge canonically equivalent spellings that ostree
/// keeps apart. A name repeated in a malformed dirtree keeps its first entry.
private struct Matching<Entry: NamedEntry> {
    /// Paths of entries only in the old directory.
    var removed: [String] = []
    /// Paths of entries only in the new directory.
    var added: [String] = []
    /// Entries in both, with their path.
    var common: [(path: String, old: Entry, new: Entry)] = []

    init(_ old: [Entry], _ new: [Entry], prefix: String) {
        let newByName = Self.index(new)
        for entry in old {
            let path = prefix + "/" + entry.name
            if let match = newByName[Array(entry.name.utf8)] {
                common.append((path, entry, match))
            } else {
                removed.append(path)
            }
        }
        let oldByName = Self.index(old)
        added = new.filter { oldByName[Array($0.name.utf8)] == nil }.map { prefix + "/" + $0.name }
    }

    private static func index(_ entries: [Entry]) -> [[UInt8]: Entry] {
        Dictionary(entries.map { (Array($0.name.utf8), $0) }, uniquingKeysWith: { first, _ in first })
    }
}
