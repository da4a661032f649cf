import Foundation
import Shared
import Testing

@Suite struct DiffOutputTests {
    /// A diff with one path of every kind, a type change at `/usr/x`, and names that byte order sorts differently
    /// from a "natural" order.
    static let sample = TreeDiff(
        addedFiles: ["/usr/bin/new", "/etc/B"], addedDirs: ["/usr/x", "/usr/share"],
        removedFiles: ["/usr/x"], removedDirs: ["/usr/lib/old"],
        changedFiles: ["/etc/motd", "/etc-x"], changedDirs: ["/etc"])

    /// Byte order puts `/etc-x` between `/etc` and `/etc/B` ("-" is 0x2D, "/" is 0x2F), as ostree-ext's sets do.
    @Test func textMergesAllKindsSortedByPath() throws {
        let text = try DiffOutput.text.render(Self.sample)
        #expect(
            text == """
                M    /etc/
                M    /etc-x
                A    /etc/B
                M    /etc/motd
                A    /usr/bin/new
                D    /usr/lib/old/
                A    /usr/share/
                D    /usr/x
                A    /usr/x/

                """)
    }

    @Test func textIsEmptyForNoChange() throws {
        #expect(try DiffOutput.text.render(TreeDiff()).isEmpty)
        #expect(TreeDiff().isEmpty)
        #expect(!Self.sample.isEmpty)
    }

    @Test func statPrintsCountsLikeOstreeExt() throws {
        #expect(
            try DiffOutput.stat.render(Self.sample)
                == "files(added:2 removed:1 changed:2) dirs(added:2 removed:1 changed:1)\n")
    }

    @Test func jsonHasSortedKeysNoWhitespaceAndNullSubdir() throws {
        let json = try DiffOutput.json.render(TreeDiff(addedFiles: ["/usr/bin/b", "/usr/bin/a"]))
        #expect(
            json == #"{"added_dirs":[],"added_files":["/usr/bin/a","/usr/bin/b"],"changed_dirs":[],"#
                + #""changed_files":[],"removed_dirs":[],"removed_files":[],"subdir":null}"# + "\n")
    }

    @Test func jsonRecordsSubdirAndRoundTrips() throws {
        let diff = TreeDiff(subdir: "/usr", removedDirs: ["/lib/old"], changedDirs: ["/bin"])
        let json = try DiffOutput.json.render(diff)
        #expect(json.contains(#""subdir":"/usr""#))
        #expect(try JSONDecoder().decode(TreeDiff.self, from: Data(json.utf8)) == diff)
    }

    @Test func pathOrderIsByteOrder() {
        // "B" (0x42) < "a" (0x61) < "é" (0xC3 0xA9); "-" (0x2D) < "/" (0x2F).
        #expect(PathOrder.sorted(["/é", "/a", "/B", "/a/b", "/a-b"]) == ["/B", "/a", "/a-b", "/a/b", "/é"])
        // NFC and NFD spellings are different ostree names: Swift's == would call them equal.
        let nfc = "/caf\u{E9}"
        let nfd = "/cafe\u{301}"
        #expect(nfc == nfd)
        #expect(!PathOrder.same(nfc, nfd))
        #expect(PathOrder.precedes(nfd, nfc))
    }

    @Test func sortsListsGivenInAnyOrder() {
        let diff = TreeDiff(addedFiles: ["/z", "/a", "/m"])
        #expect(diff.addedFiles == ["/a", "/m", "/z"])
    }

    struct PathCase: Sendable, CustomTestStringConvertible {
        let text: String
        let normal: String?
        var testDescription: String { "'\(text)'" }
    }

    @Test(arguments: [
        PathCase(text: "/usr/lib", normal: "/usr/lib"),
        PathCase(text: "usr/lib/", normal: "/usr/lib"),
        PathCase(text: "//usr/./lib", normal: "/usr/lib"),
        PathCase(text: "/", normal: "/"),
        PathCase(text: "", normal: nil),
        PathCase(text: "/usr/../etc", normal: nil),
    ])
    func commitPathParsing(_ item: PathCase) throws {
        if let normal = item.normal {
            #expect(try CommitPath(parsing: item.text).description == normal)
        } else {
            #expect(throws: ToolError.self) { try CommitPath(parsing: item.text) }
        }
    }
}
