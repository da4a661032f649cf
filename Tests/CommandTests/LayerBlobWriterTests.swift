import Crypto
import Foundation
import Shared
import Testing

/// One-pass layer blobs: the digests must match what `sha256sum`, `gzip -d` and `zstd -d` say of the stored file.
@Suite struct LayerBlobWriterTests {
    @Test(arguments: [BlobCompression.gzip(level: 6), .gzip(level: 1), .none, .zstd(level: 3), .zstd(level: 19)])
    func blobDigestsMatchTheStoredBytes(compression: BlobCompression) throws {
        let dir = try TempDir()
        let fixture = try FixtureCommit(dir: dir)
        let blobs = dir.sub("blobs")
        try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
        let repo = try Repo(path: fixture.repo)
        let writer = try LayerBlobWriter(directory: blobs, compression: compression)
        try CommitExporter.export(repo: repo, commit: try #require(Checksum(hex: fixture.checksum)), to: writer.tar)
        let blob = try writer.commit()

        let path = "\(blobs)/\(blob.digestHex)"
        let stored = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Hex.encode(SHA256.hash(data: stored)) == blob.digestHex)
        #expect(UInt64(stored.count) == blob.size)
        #expect(try FileManager.default.contentsOfDirectory(atPath: blobs) == [blob.digestHex], "no temporary left")

        let plainTar = dir.sub("plain.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", plainTar, FixtureCommit.ref])
        let plain = try Data(contentsOf: URL(fileURLWithPath: plainTar))
        #expect(Hex.encode(SHA256.hash(data: plain)) == blob.diffIDHex)
        #expect(UInt64(plain.count) == blob.uncompressedSize)
        switch compression {
        case .gzip(let level):
            let unpacked = try Run.checked("gzip", ["-dc", path]).stdout
            #expect(unpacked == plain)
            // Fixed header: magic, deflate, no flags, mtime 0, XFL (4 for the fastest level), OS 255.
            #expect(Array(stored.prefix(10)) == [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, level == 1 ? 4 : 0, 0xff])
        case .zstd:
            // `zstd -d` also checks the frame's content checksum.
            let unpacked = try Run.checked("zstd", ["-dc", path]).stdout
            #expect(unpacked == plain)
            // Magic, then a frame header descriptor: no content size, not single-segment, checksum flag set.
            #expect(Array(stored.prefix(4)) == [0x28, 0xb5, 0x2f, 0xfd])
            #expect(stored.count > 4 && stored[4] & 0b1110_0100 == 0b0000_0100)
        case .none:
            #expect(stored == plain)
        }

        // The same commit gives the same blob.
        let again = try LayerBlobWriter(directory: blobs, compression: compression)
        try CommitExporter.export(repo: repo, commit: try #require(Checksum(hex: fixture.checksum)), to: again.tar)
        #expect(try again.commit() == blob)
    }
}

extension BlobCompression: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .none: "none"
        case .gzip(let level): "gzip-\(level)"
        case .zstd(let level): "zstd-\(level)"
        }
    }
}
