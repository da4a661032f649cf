import Foundation
import Shared
import Testing

/// A repository and a work tree that a test edits and commits to branch `tip` with the real `ostree` CLI; it runs
/// our `diff` binary and upstream `ostree diff` on the commits.
final class DiffFixture {
    let dir: TempDir
    let repo: String
    var tree: String { dir.sub("tree") }

    init(mode: String = "bare-user") throws {
        dir = try TempDir()
        repo = try dir.makeRepo(mode: mode)
        try FileManager.default.createDirectory(atPath: dir.sub("tree"), withIntermediateDirectories: true)
    }

    /// Writes a file of the tree (creating its parents).
    func write(_ path: String, _ text: String, mode: Int = 0o644) throws {
        try dir.write("tree/\(path)", text, mode: mode)
    }

    func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: "\(tree)/\(path)") }

    func symlink(_ path: String, to target: String) throws {
        try? remove(path)
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/\(path)", withDestinationPath: target)
    }

    func chmod(_ path: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: "\(tree)/\(path)")
    }

    /// Sets a `user.*` xattr, which `ostree commit` records in bare-user and archive repositories.
    func setXattr(_ path: String, _ name: String, _ value: String) throws {
        try Run.checked("setfattr", ["-n", name, "-v", value, "\(tree)/\(path)"])
    }

    /// Commits the tree to branch `tip` and returns the commit checksum.
    @discardableResult
    func commit(_ options: String...) throws -> String {
        try Run.checked(
            "ostree", ["commit", "--repo=\(repo)", "--branch=tip", "--tree=dir=\(tree)", "-s", "test"] + options
        )
        .trimmedStdout
    }

    /// Runs our `diff` binary with `--repo` and `arguments`.
    func run(_ arguments: String...) throws -> RunResult { try run(arguments) }

    func run(_ arguments: [String]) throws -> RunResult {
        try Run.run(Run.binary("diff"), ["--repo=\(repo)"] + arguments)
    }

    /// The output lines of our `diff`, which must succeed quietly.
    func lines(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let result = try run(arguments)
        #expect(result.status == 0, "diff failed: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, sourceLocation: sourceLocation)
        return result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Our `diff --json`, decoded.
    func json(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> TreeDiff {
        let result = try run(["--json"] + arguments)
        try #require(result.status == 0, "diff --json failed: \(result.stderr)", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(TreeDiff.self, from: result.stdout)
    }

    /// Checks `diff` (ours, for `from` → `to`) against upstream `ostree diff`, the judge of which file paths
    /// changed. Upstream differs in directory semantics (format spec §11.1): a type change at a path is one `M`,
    /// a directory-metadata change is `M`, and every child of an added directory is listed, so our result is
    /// translated into those terms before the two sets are compared.
    func expectUpstreamAgrees(
        with diff: TreeDiff, from: String = "tip^", to: String = "tip", sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let upstream = try Run.checked("ostree", ["diff", "--repo=\(repo)", from, to]).stdoutText
        let upstreamLines = Set(upstream.split(separator: "\n").map(String.init))
        let removed = Set(diff.removedFiles + diff.removedDirs)
        let added = Set(diff.addedFiles + diff.addedDirs)
        var expected = Set((diff.changedFiles + diff.changedDirs).map { "M    \($0)" })
        for path in removed { expected.insert(added.contains(path) ? "M    \(path)" : "D    \(path)") }
        for path in diff.addedFiles where !removed.contains(path) { expected.insert("A    \(path)") }
        for path in diff.addedDirs where !removed.contains(path) {
            for entry in try listRecursively(to, path) { expected.insert("A    \(entry)") }
        }
        #expect(upstreamLines == expected, "upstream ostree diff:\n\(upstream)", sourceLocation: sourceLocation)
    }

    /// `path` and everything below it in commit `rev` (`ostree ls -R`).
    private func listRecursively(_ rev: String, _ path: String) throws -> [String] {
        let listing = try Run.checked("ostree", ["ls", "-R", "--repo=\(repo)", rev, path]).stdoutText
        // Lines are `MODE UID GID SIZE PATH [-> TARGET]`; test trees have no spaces in names.
        return listing.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count >= 5 ? String(fields[4]) : nil
        }
    }
}
