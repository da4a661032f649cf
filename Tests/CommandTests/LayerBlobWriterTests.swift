import Crypto
import Foundation
import Shared
import Testing

/// One-pass layer blobs: the digests must match what `sha256sum` and `gzip -d` say of the stored file.
@Suite struct LayerBlobWriterTests {
    @Test(arguments: [BlobCompression.gzip(level: 6), .gzip(level: 1), .none])
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
        if case .gzip(let level) = compression {
            let unpacked = try Run.checked("gzip", ["-dc", path]).stdout
            #expect(unpacked == plain)
            // Fixed header: magic, deflate, no flags, mtime 0, XFL (4 for the fastest level), OS 255.
            #expect(Array(stored.prefix(10)) == [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, level == 1 ? 4 : 0, 0xff])
        } else {
            #expect(stored == plain)
        }
    }
}

extension BlobCompression: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .none: "none"
        case .gzip(let level): "gzip-\(level)"
        }
    }
}
