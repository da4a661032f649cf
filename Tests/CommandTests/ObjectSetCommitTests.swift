import Foundation
import Shared
import Testing

/// The synthetic commit of an object-set layer (format spec §3.4): the verified vector, judged by `ostree`.
@Suite struct ObjectSetCommitTests {
    static let hello = "d6f58149fd47ec2be3fafef4fe767915f195e7ae67b9a0c090b842b156cd07f3"
    static let symlink = "73baaba0102e9154b8522687d33eedb8ed1bc78eadb82428b2616144ec502934"

    @Test func matchesTheSpecVector() throws {
        let dir = try TempDir()
        let repoPath = try dir.makeRepo()
        let repo = try Repo(path: repoPath)
        let (file, link, commit) = try repo.withTransaction { transaction in
            let file = try transaction.writeRegularFile(
                uid: 0, gid: 0, mode: 0o755, xattrs: [], data: Array("hello\n".utf8))
            let link = try transaction.writeSymlink(uid: 0, gid: 0, xattrs: [], target: "hello")
            // Order and repeats of the input do not matter.
            let commit = try ObjectSetCommit.write(objects: [link, file, link], in: transaction)
            return (file, link, commit)
        }
        #expect(file.hex == Self.hello)
        #expect(link.hex == Self.symlink)
        #expect(commit.hex == "96683e18d3dcb322634ad1abaf3ac569f4fdebf01571eec2987f5fb0fe5e7070")
        let parsed = try repo.loadCommit(commit)
        #expect(parsed.rootTree.hex == "80763c2f08d5bd8bb6b549462094c229c57865663c00347ac5b7af1a11360652")
        #expect(parsed.rootMeta.hex == "446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488")
        #expect(parsed.parent == nil && parsed.subject.isEmpty && parsed.body.isEmpty && parsed.timestamp == 0)
        #expect(parsed.metadata.isEmpty)

        let listing = try OstreeListing(repo: repoPath, rev: commit.hex)
        #expect(listing.paths == ["/", "/\(Self.symlink)", "/\(Self.hello)"])
        #expect(listing["/\(Self.hello)"]?.checksum == Self.hello)
        #expect(listing["/\(Self.symlink)"]?.target == "hello")
        #expect(try Run.ostree("cat", "--repo=\(repoPath)", commit.hex, "/\(Self.hello)") == "hello")
        #expect(try Run.ostree("fsck", "--repo=\(repoPath)").contains("no errors found"))
    }

    @Test func theSameObjectsFromOstreeCommitGiveTheSameCommit() throws {
        let dir = try TempDir()
        try dir.write("tree/hello", "hello\n", mode: 0o755)
        try FileManager.default.createSymbolicLink(atPath: dir.sub("tree/link"), withDestinationPath: "hello")
        let repoPath = try dir.makeRepo()
        try Run.ostree(
            "commit", "--repo=\(repoPath)", "--orphan", "--tree=dir=\(dir.sub("tree"))", "--owner-uid=0",
            "--owner-gid=0")
        let repo = try Repo(path: repoPath)
        let objects = try [Self.hello, Self.symlink].map { try #require(Checksum(hex: $0)) }
        #expect(try objects.allSatisfy { try repo.hasObject(.file, $0) })
        let commit = try repo.withTransaction { try ObjectSetCommit.write(objects: objects, in: $0) }
        #expect(commit.hex == "96683e18d3dcb322634ad1abaf3ac569f4fdebf01571eec2987f5fb0fe5e7070")
    }
}
