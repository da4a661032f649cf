import Foundation
import Shared
import Testing

/// `DiffWalker` on commits made by the real `ostree` CLI, counting the dirtrees it loads: the cost must follow the
/// change, not the tree.
@Suite struct DiffWalkerTests {
    @Test func identicalTreesLoadNothing() throws {
        let scratch = try Scratch()
        try scratch.write("usr/bin/a", "a")
        let first = try scratch.commit()
        let second = try scratch.commit()  // a new commit object with the same root tree
        #expect(first != second)
        let (diff, loads) = try scratch.diff(first, second)
        #expect(diff.isEmpty)
        #expect(loads == 0)
    }

    @Test func deepChangeLoadsOnlyTheDirectoriesOnItsPath() throws {
        let scratch = try Scratch()
        for index in 0..<20 { try scratch.write("wide/dir\(index)/sub/file", "\(index)") }
        try scratch.write("a/b/c/d/file", "old")
        let old = try scratch.commit()
        try scratch.write("a/b/c/d/file", "new")
        let (diff, loads) = try scratch.diff(old, try scratch.commit())
        #expect(diff == TreeDiff(changedFiles: ["/a/b/c/d/file"]))
        #expect(loads == 2 * 5)  // root, a, b, c, d on each side; nothing under wide/
    }

    @Test func directoryMetadataChangeIsComparedWithoutDescending() throws {
        let scratch = try Scratch()
        try scratch.write("a/b/file", "x")
        let old = try scratch.commit()
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: scratch.tree + "/a/b")
        let (diff, loads) = try scratch.diff(old, try scratch.commit())
        #expect(diff == TreeDiff(changedDirs: ["/a/b"]))
        #expect(loads == 2 * 2)  // root and a; b's contents are unchanged
    }

    @Test func newAndRemovedSubtreesAreReportedAtTheTopWithoutLoadingThem() throws {
        let scratch = try Scratch()
        try scratch.write("old/deep/er/file", "x")
        let old = try scratch.commit()
        try FileManager.default.removeItem(atPath: scratch.tree + "/old")
        try scratch.write("new/deep/er/file", "x")
        try scratch.write("top", "x")
        let (diff, loads) = try scratch.diff(old, try scratch.commit())
        #expect(diff == TreeDiff(addedFiles: ["/top"], addedDirs: ["/new"], removedDirs: ["/old"]))
        #expect(loads == 2)
    }

    @Test func typeChangesAreRemovedPlusAdded() throws {
        let scratch = try Scratch()
        try scratch.write("was-file", "x")
        try scratch.write("was-dir/inner", "x")
        let old = try scratch.commit()
        try FileManager.default.removeItem(atPath: scratch.tree + "/was-file")
        try FileManager.default.removeItem(atPath: scratch.tree + "/was-dir")
        try scratch.write("was-file/inner", "x")
        try scratch.write("was-dir", "x")
        let (diff, _) = try scratch.diff(old, try scratch.commit())
        #expect(
            diff
                == TreeDiff(
                    addedFiles: ["/was-dir"], addedDirs: ["/was-file"], removedFiles: ["/was-file"],
                    removedDirs: ["/was-dir"]))
        #expect(diff.entries.map(\.line) == ["D    /was-dir/", "A    /was-dir", "D    /was-file", "A    /was-file/"])
    }

    @Test func subdirLookupNamesWhatIsMissing() throws {
        let scratch = try Scratch()
        try scratch.write("usr/lib/file", "x")
        let repo = try Repo(path: scratch.repo)
        let root = try repo.loadCommit(try scratch.commit()).rootTree
        let lib = try repo.directoryTree(at: CommitPath(parsing: "/usr/lib"), below: root, in: "commit 'b'")
        #expect(try repo.loadDirTree(lib).files.map(\.name) == ["file"])
        #expect(try repo.directoryTree(at: CommitPath(parsing: "/"), below: root, in: "commit 'b'") == root)
        let missing = #expect(throws: ToolError.self) {
            try repo.directoryTree(at: CommitPath(parsing: "/usr/share"), below: root, in: "commit 'b'")
        }
        #expect(missing?.message == "there is no directory /usr/share in commit 'b'")
        let file = #expect(throws: ToolError.self) {
            try repo.directoryTree(at: CommitPath(parsing: "/usr/lib/file/x"), below: root, in: "commit 'b'")
        }
        #expect(file?.message == "there is no directory /usr/lib/file/x in commit 'b' (/usr/lib/file is a file)")
    }
}

/// Counts the dirtree loads a walk makes.
private final class CountingSource: DirTreeSource {
    let repo: Repo
    var loads = 0

    init(_ repo: Repo) { self.repo = repo }

    func loadDirTree(_ checksum: Checksum) throws -> DirTreeObject {
        loads += 1
        return try repo.loadDirTree(checksum)
    }
}

/// A bare-user repository and a work tree committed to branch `b` with the `ostree` CLI, removed on release.
private final class Scratch {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("diff-walker-\(UUID().uuidString)").path
    var repo: String { path + "/repo" }
    var tree: String { path + "/tree" }

    init() throws {
        try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        try ostree("init", "--repo=\(repo)", "--mode=bare-user")
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: tree + "/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func commit() throws -> Checksum {
        let out = try ostree("commit", "--repo=\(repo)", "--branch=b", "--tree=dir=\(tree)", "--subject=test")
        return try #require(Checksum(hex: out))
    }

    /// The diff of two commits' root trees and how many dirtrees it loaded.
    func diff(_ from: Checksum, _ to: Checksum) throws -> (TreeDiff, Int) {
        let repo = try Repo(path: repo)
        let source = CountingSource(repo)
        let diff = try DiffWalker(source: source).diff(
            from: try repo.loadCommit(from).rootTree, to: try repo.loadCommit(to).rootTree)
        return (diff, source.loads)
    }

    @discardableResult
    func ostree(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ostree")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ostree \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
