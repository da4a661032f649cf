import Testing

@testable import Shared

@Suite struct TreePathTests {
    @Test(arguments: [
        ("..", true), ("../a", true), ("a/..", true), ("a/../b", true), ("a//../b", true), ("./../", true),
        ("", false), (".", false), ("...", false), ("a..", false), ("..a", false), ("a/..b/c", false),
        ("a/b../c", false), ("a/.../c", false), ("sysroot/ostree/repo/objects/ab/cd.file", false),
    ])
    func parentComponent(path: String, expected: Bool) {
        #expect(path.hasParentComponent == expected)
        #expect(path.split(separator: "/", omittingEmptySubsequences: false).contains("..") == expected)
    }

    @Test func appendingTreeComponent() {
        #expect("/".appendingTreeComponent("usr") == "/usr")
        #expect("/usr".appendingTreeComponent("bin") == "/usr/bin")
    }
}
