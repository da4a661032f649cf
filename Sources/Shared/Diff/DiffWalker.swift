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

/// Dirtree entry names as bytes: Swift's `String` equality would merge canonically equivalent spellings that
/// ostree keeps apart.
private typealias NameKey = [UInt8]

private struct Changes {
    var addedFiles: [String] = []
    var addedDirs: [String] = []
    var removedFiles: [String] = []
    var removedDirs: [String] = []
    var changedFiles: [String] = []
    var changedDirs: [String] = []

    /// Records the differences between the entries of one directory and returns the subdirectories to descend.
    mutating func compare(_ old: DirTreeObject, _ new: DirTreeObject, prefix: String) -> [Pair] {
        let newFiles = Self.index(new.files, by: \.name)
        let newDirs = Self.index(new.directories, by: \.name)
        var descend: [Pair] = []
        for file in old.files {
            let path = prefix + "/" + file.name
            guard let match = newFiles[Array(file.name.utf8)] else {
                removedFiles.append(path)
                continue
            }
            if match.checksum != file.checksum { changedFiles.append(path) }
        }
        for dir in old.directories {
            let path = prefix + "/" + dir.name
            guard let match = newDirs[Array(dir.name.utf8)] else {
                removedDirs.append(path)
                continue
            }
            if match.meta != dir.meta { changedDirs.append(path) }
            if match.tree != dir.tree { descend.append(Pair(from: dir.tree, to: match.tree, prefix: path)) }
        }
        let oldFiles = Self.index(old.files, by: \.name)
        let oldDirs = Self.index(old.directories, by: \.name)
        addedFiles += new.files.filter { oldFiles[Array($0.name.utf8)] == nil }.map { prefix + "/" + $0.name }
        addedDirs += new.directories.filter { oldDirs[Array($0.name.utf8)] == nil }.map { prefix + "/" + $0.name }
        return descend
    }

    /// Entries by name; a name repeated in a malformed dirtree keeps its first entry.
    private static func index<Entry>(_ entries: [Entry], by name: KeyPath<Entry, String>) -> [NameKey: Entry] {
        Dictionary(entries.map { (Array($0[keyPath: name].utf8), $0) }, uniquingKeysWith: { first, _ in first })
    }
}
