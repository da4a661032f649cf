import Foundation
import Shared
import Testing

/// The layer streams of a chunked image: a commit layer plus object-set layers that together carry exactly the
/// commit's objects, judged by importing them into a fresh repository and by `ostree fsck`.
@Suite struct ChunkedLayerTests {
    @Test func layersTogetherRebuildTheCommit() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let repo = try Repo(path: fixture.repo)
        let commit = try #require(Checksum(hex: fixture.checksum))
        let inventory = try ContentInventory(repo: repo, commit: commit)
        #expect(inventory.object(try #require(inventory.objects.first).checksum) != nil)
        #expect(inventory.objects.contains { $0.paths.contains("/usr/bin/bash") && $0.paths.contains("/usr/bin/sh-hardlink") })

        // Three chunks: every third object, the next third, and the rest stays in the commit layer.
        let objects = inventory.objects
        let chunks = [0, 1].map { offset in objects.enumerated().filter { $0.offset % 3 == offset }.map(\.element) }
        let remainder = objects.enumerated().filter { $0.offset % 3 == 2 }.map(\.element)
        let commitLayer = dir.sub("layer0.tar")
        try write(commitLayer) { try CommitExporter.exportCommitLayer(repo: repo, commit: commit, remainder: remainder, to: $0) }
        var layerPaths: [String] = []
        for (number, chunk) in chunks.enumerated() {
            let path = dir.sub("layer\(number + 1).tar")
            try write(path) { try CommitExporter.exportObjectSetLayer(repo: repo, objects: chunk, to: $0) }
            layerPaths.append(path)
        }

        let destination = try Repo.create(at: dir.sub("dest"), mode: .bareUser)
        // The commit layer alone is an incomplete commit and must be refused.
        #expect(throws: ToolError.self) { try importCommit(commitLayer, into: destination) }

        var imported: Set<Checksum> = []
        for path in layerPaths {
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            imported.formUnion(try CommitImporter.importObjectSet(try TarReader(fileDescriptor: fd, source: path), into: destination))
        }
        #expect(imported == Set(chunks.flatMap { $0 }.map(\.checksum)))
        let result = try importCommit(commitLayer, into: destination)
        #expect(result.commit == commit)
        #expect(try Run.ostree("fsck", "--repo=\(dir.sub("dest"))").contains("no errors found"))
        #expect(
            try Run.ostree("ls", "-R", "-X", "--repo=\(dir.sub("dest"))", fixture.checksum)
                == Run.ostree("ls", "-R", "-X", "--repo=\(fixture.repo)", fixture.checksum))
    }

    @Test func objectSetLayerRefusesMetadataAndDuplicates() throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let full = dir.sub("full.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", full, FixtureCommit.ref])
        let destination = try Repo.create(at: dir.sub("dest"), mode: .bareUser)
        let fd = open(full, O_RDONLY)
        defer { close(fd) }
        #expect(throws: ToolError.self) {
            _ = try CommitImporter.importObjectSet(try TarReader(fileDescriptor: fd, source: full), into: destination)
        }
        #expect(try Run.ostree("fsck", "--repo=\(dir.sub("dest"))").contains("no errors found"))
    }

    private func write(_ path: String, _ body: (TarWriter) throws -> Void) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        try body(try TarWriter(fileDescriptor: fd))
    }

    @discardableResult
    private func importCommit(_ path: String, into repo: Repo) throws -> CommitImporter.Result {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        return try CommitImporter.importStream(try TarReader(fileDescriptor: fd, source: path), into: repo)
    }
}
