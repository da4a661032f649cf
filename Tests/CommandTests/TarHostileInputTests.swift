import Foundation
import Shared
import Testing

/// Broken and hostile streams: each is refused with a one-line error naming the culprit, and leaves the
/// destination exactly as it was (refs unchanged, no commit, `ostree fsck` clean); a good import still works after.
@Suite struct TarHostileInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let message: String
        let edit: @Sendable (inout TarEntries) throws -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "flipped byte in a file object", message: "Corrupted file object; checksum expected=") { tar in
            let index = try tar.largestFileObject()
            tar.entries[index].data[tar.entries[index].data.count / 2] ^= 0x01
        },
        Case(name: "flipped byte in a dirtree", message: "checksum mismatch for sysroot/ostree/repo/objects/") { tar in
            let index = try tar.index(endingWith: ".dirtree")
            tar.entries[index].data[0] ^= 0x01
        },
        Case(name: "path traversal", message: "path with '..' in tar stream: usr/../../evil") { tar in
            tar.entries.insert(.init(path: "usr/../../evil", kind: .regular, data: Array("x".utf8)), at: 280)
        },
        Case(name: "absolute path", message: "absolute path in tar stream: /etc/evil") { tar in
            tar.entries.append(.init(path: "/etc/evil", kind: .regular, data: Array("x".utf8)))
        },
        Case(name: "hardlink leaving the tree", message: "hardlink usr/bin/evil points outside the stream: /etc/shadow") { tar in
            tar.entries.append(.init(path: "usr/bin/evil", kind: .hardlink, linkTarget: "/etc/shadow"))
        },
        Case(name: "uppercase checksum", message: "invalid sha256 checksum in object path objects/") { tar in
            let index = try tar.index(endingWith: ".dirmeta")
            tar.entries[index].path = tar.entries[index].path.renamingObject { $0.uppercased() }
        },
        Case(name: "short checksum", message: "invalid sha256 checksum in object path objects/") { tar in
            let index = try tar.index(endingWith: ".dirtree")
            tar.entries[index].path = tar.entries[index].path.renamingObject { String($0.dropLast()) }
        },
        Case(name: "unknown object type", message: "invalid object type 'blah'") { tar in
            let index = try tar.index(endingWith: ".dirtree")
            tar.entries[index].path = tar.entries[index].path.replacingOccurrences(of: ".dirtree", with: ".blah")
        },
        Case(name: "file object without its xattrs link", message: "missing xattrs reference before file object") { tar in
            let index = try tar.largestFileObject()
            tar.entries.remove(at: index - 1)
        },
        Case(name: "commit with a missing object", message: "is incomplete: object") { tar in
            let index = try tar.largestFileObject()
            tar.entries.removeSubrange(index - 1...index)
        },
        Case(name: "second commit object", message: "found multiple commit objects") { tar in
            let index = try tar.index(endingWith: ".commit")
            tar.entries.append(tar.entries[index])
        },
        Case(name: "missing commit", message: "expected commit object first") { tar in
            let index = try tar.index(endingWith: ".commit")
            tar.entries.remove(at: index)
        },
    ]

    @Test(arguments: cases)
    func hostileStreamIsRefusedAndChangesNothing(_ hostile: Case) throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let good = dir.sub("good.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", good, FixtureCommit.ref])
        var tar = try TarEntries(reading: good)
        try hostile.edit(&tar)
        let bad = dir.sub("bad.tar")
        try tar.write(to: bad)
        try expectRefused(bad, message: hostile.message, fixture: fixture, dir: dir, good: good)
    }

    @Test func emptyStreamIsRefused() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let empty = dir.sub("empty.tar")
        try Data().write(to: URL(fileURLWithPath: empty))
        try expectRefused(empty, message: "commit object not found", fixture: fixture, dir: dir, good: nil)
    }

    @Test func truncatedStreamIsRefused() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let good = dir.sub("good.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", good, FixtureCommit.ref])
        let data = try Data(contentsOf: URL(fileURLWithPath: good))
        let truncated = dir.sub("truncated.tar")
        try data.prefix(data.count * 2 / 3).write(to: URL(fileURLWithPath: truncated))
        try expectRefused(truncated, message: "Truncated tar archive", fixture: fixture, dir: dir, good: good)
    }

    /// Imports `bad` into a repository that already has a ref, expects the error, then checks nothing changed and
    /// that the good stream still imports.
    private func expectRefused(
        _ bad: String, message: String, fixture: FixtureCommit, dir: TempDir, good: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let destination = try dir.makeRepo("dest")
        try dir.write("other/file", "other\n")
        let other = try Run.ostree("commit", "--repo=\(destination)", "--branch=existing", "--tree=dir=\(dir.sub("other"))")
        let refsBefore = try Run.ostree("refs", "--repo=\(destination)")

        let result = try Run.run(Run.binary("import-commit"), ["--repo=\(destination)", "--ref=\(FixtureCommit.ref)", bad])
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: "), sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, sourceLocation: sourceLocation)

        #expect(try Run.ostree("refs", "--repo=\(destination)") == refsBefore, sourceLocation: sourceLocation)
        #expect(try Run.ostree("rev-parse", "--repo=\(destination)", "existing") == other, sourceLocation: sourceLocation)
        let show = try Run.run("ostree", ["show", "--repo=\(destination)", fixture.checksum])
        #expect(show.status != 0, "the commit must not be visible", sourceLocation: sourceLocation)
        #expect(try Run.ostree("fsck", "--repo=\(destination)").contains("no errors found"), sourceLocation: sourceLocation)

        if let good {
            let retry = try Run.checked(Run.binary("import-commit"), ["--repo=\(destination)", "--ref=\(FixtureCommit.ref)", good])
            #expect(retry.trimmedStdout == "Imported: \(fixture.checksum)", sourceLocation: sourceLocation)
            #expect(try Run.ostree("fsck", "--repo=\(destination)").contains("no errors found"), sourceLocation: sourceLocation)
        }
    }
}

extension String {
    /// Rewrites the 62-character checksum part of an object path's last component, keeping its extension.
    fileprivate func renamingObject(_ change: (String) -> String) -> String {
        var components = split(separator: "/").map(String.init)
        let name = components.removeLast()
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        return (components + [change(String(name[..<dot])) + name[dot...]]).joined(separator: "/")
    }
}
