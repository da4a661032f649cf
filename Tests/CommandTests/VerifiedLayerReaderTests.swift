import Foundation
import Shared
import Testing

/// Layer blobs read through `VerifiedLayerReader`: blobs from our writer and from the `gzip`/`zstd` CLIs import
/// to the exported commit, and every way a blob can disagree with its descriptor or config is an error naming the
/// digest that moves no ref.
@Suite struct VerifiedLayerReaderTests {
    static let compressions: [BlobCompression] = [.gzip(level: 6), .none, .zstd(level: 3)]

    @Test(arguments: compressions)
    func ourBlobsImportToTheExportedCommit(compression: BlobCompression) throws {
        let layer = try LayerFixture()
        let blob = try layer.writeBlob(compression)
        let result = try layer.importLayer(blob, expectedDiffID: layer.diffID, ref: "imported")
        #expect(result.commit.hex == layer.fixture.checksum)
        #expect(try layer.resolve("imported") == layer.fixture.checksum)
    }

    @Test(arguments: compressions)
    func withoutAnExpectedDiffIDTheComputedOneIsReported(compression: BlobCompression) throws {
        let layer = try LayerFixture()
        let blob = try layer.writeBlob(compression)
        let diffID = try layer.withReader(blob, expectedDiffID: nil) { reader in
            #expect(reader.computedDiffID == nil, "not known before the end")
            while try reader.tar.next() != nil {}
            return reader.computedDiffID
        }
        #expect(diffID == layer.diffID)
    }

    @Test(arguments: compressions)
    func aFlippedByteIsADigestMismatch(compression: BlobCompression) throws {
        let layer = try LayerFixture()
        let blob = try layer.writeBlob(compression)
        let flipped = try layer.modified(blob, "flipped") { bytes in bytes[bytes.count / 2] ^= 0x40 }
        let error = try layer.importFailure(flipped, expectedDiffID: layer.diffID)
        #expect(error.kind == .corrupt)
        #expect(error.message.hasPrefix("layer \(blob.descriptor.digest) digest mismatch: computed sha256:"))
    }

    @Test(arguments: compressions)
    func aWrongDiffIDIsAnError(compression: BlobCompression) throws {
        let layer = try LayerFixture()
        let blob = try layer.writeBlob(compression)
        let wrong = Digest.sha256(Array("not the layer".utf8))
        let error = try layer.importFailure(blob, expectedDiffID: wrong)
        #expect(error.kind == .corrupt)
        #expect(
            error.message
                == "layer \(blob.descriptor.digest) diff_id mismatch: expected \(wrong), computed \(layer.diffID)")
    }

    /// A stream that ends early, as a pipe from a dying skopeo does: the descriptor's size is not reached.
    @Test(arguments: compressions)
    func aTruncatedBlobNamesTheDigest(compression: BlobCompression) throws {
        let layer = try LayerFixture()
        let blob = try layer.writeBlob(compression)
        let cut = blob.descriptor.size - blob.descriptor.size / 3
        let truncated = try layer.modified(blob, "truncated") { bytes in bytes.removeLast(bytes.count / 3) }
        let error = try layer.importFailure(truncated, expectedDiffID: layer.diffID)
        #expect(error.kind == .corrupt)
        let expected = "layer \(blob.descriptor.digest) is truncated: \(cut) bytes, expected \(blob.descriptor.size)"
        #expect(error.message == expected)
    }

    /// A blob cut short whose descriptor claims the short size: the compressed data or the tar ends early, and the
    /// error is the digest mismatch that explains it.
    @Test(arguments: compressions)
    func aShortBlobWithAMatchingSizeIsADigestMismatch(compression: BlobCompression) throws {
        let layer = try LayerFixture()
        let blob = try layer.writeBlob(compression)
        var short = try layer.modified(blob, "short") { bytes in bytes.removeLast(bytes.count / 3) }
        short.descriptor.size = try layer.size(of: short.path)
        let error = try layer.importFailure(short, expectedDiffID: layer.diffID)
        #expect(error.message.hasPrefix("layer \(blob.descriptor.digest) digest mismatch: computed sha256:"))
    }

    @Test(arguments: compressions)
    func bytesBeyondTheDescriptorSizeAreAnError(compression: BlobCompression) throws {
        let layer = try LayerFixture()
        var blob = try layer.writeBlob(compression)
        let size = blob.descriptor.size
        blob.descriptor.size -= 1
        let error = try layer.importFailure(blob, expectedDiffID: layer.diffID)
        #expect(error.message == "layer \(blob.descriptor.digest) is more than \(size - 1) bytes, expected \(size - 1)")
    }

    @Test func garbageAfterTheLastGzipMemberIsAnError() throws {
        let layer = try LayerFixture()
        let blob = try layer.writeBlob(.gzip(level: 6))
        var padded = try layer.modified(blob, "padded") { bytes in bytes += Array("trailing garbage".utf8) }
        padded.descriptor = try layer.descriptor(of: padded.path, .gzip)
        let error = try layer.importFailure(padded, expectedDiffID: layer.diffID)
        #expect(error.description.hasPrefix("layer \(padded.descriptor.digest) is not valid gzip data: "))
    }

    /// A gzip member whose CRC-32 or size trailer disagrees with its data, under a descriptor made for those very
    /// bytes: only the gzip check itself can refuse it.
    @Test(arguments: [8, 4])
    func aWrongGzipTrailerIsAnError(offsetFromEnd: Int) throws {
        let layer = try LayerFixture()
        let blob = try layer.writeBlob(.gzip(level: 6))
        var bad = try layer.modified(blob, "trailer") { bytes in bytes[bytes.count - offsetFromEnd] ^= 0x01 }
        bad.descriptor = try layer.descriptor(of: bad.path, .gzip)
        let error = try layer.importFailure(bad, expectedDiffID: nil)
        #expect(error.description.hasPrefix("layer \(bad.descriptor.digest) is not valid gzip data: "), "\(error)")
    }

    @Test func aGzipBlobUnderThePlainTarMediaTypeIsAnError() throws {
        let layer = try LayerFixture()
        var blob = try layer.writeBlob(.gzip(level: 6))
        blob.descriptor.mediaType = MediaType.ociLayerTar
        let error = try layer.importFailure(blob, expectedDiffID: layer.diffID)
        #expect(error.message.contains("layer \(blob.descriptor.digest)"))
    }

    /// Two `gzip` runs over two parts of the tar, concatenated: one valid gzip stream of two members.
    @Test func multiMemberGzipReadsAsOneStream() throws {
        let layer = try LayerFixture()
        let blob = try layer.compressedInTwoParts(with: "gzip", .gzip)
        #expect(try layer.importLayer(blob, expectedDiffID: layer.diffID).commit.hex == layer.fixture.checksum)
    }

    /// Two `zstd` runs over two parts of the tar, concatenated: one valid zstd stream of two frames.
    @Test func concatenatedZstdFramesReadAsOneStream() throws {
        let layer = try LayerFixture()
        let blob = try layer.compressedInTwoParts(with: "zstd", .zstd)
        #expect(try layer.importLayer(blob, expectedDiffID: layer.diffID).commit.hex == layer.fixture.checksum)
    }

    /// Frames as the `zstd` CLI writes them: several levels, with and without checksum and content size.
    @Test(arguments: [["-3"], ["-19", "--no-check"], ["-1", "--no-content-size"]])
    func zstdBlobsFromTheCLIRead(options: [String]) throws {
        let layer = try LayerFixture()
        let path = layer.dir.sub("cli.tar.zst")
        try Run.checked("zstd", ["-q", "-f"] + options + [layer.plainTar, "-o", path])
        let blob = LayerFixture.Blob(path: path, descriptor: try layer.descriptor(of: path, .zstd))
        #expect(try layer.importLayer(blob, expectedDiffID: layer.diffID).commit.hex == layer.fixture.checksum)
    }

    /// An object-set layer (every content object of the commit) written and read back verified.
    @Test(arguments: compressions)
    func objectSetLayersImportVerified(compression: BlobCompression) throws {
        let layer = try LayerFixture()
        let repo = try Repo(path: layer.fixture.repo)
        let inventory = try ContentInventory(repo: repo, commit: try #require(Checksum(hex: layer.fixture.checksum)))
        let blob = try layer.writeBlob(compression) { writer in
            try CommitExporter.exportObjectSetLayer(repo: repo, objects: inventory.objects, to: writer)
        }
        let imported = try layer.withReader(blob, expectedDiffID: nil) { reader in
            let destination = try Repo.create(at: layer.dir.sub("objects"), mode: .bareUser)
            return try CommitImporter.importObjectSet(reader, into: destination)
        }
        #expect(Set(imported) == Set(inventory.objects.map(\.checksum)))
    }
}

/// The fixture commit exported as a plain tar, and helpers that make layer blobs of it and read them back
/// through the verified reader into fresh repositories.
private struct LayerFixture {
    /// A blob file and the descriptor it is read against.
    struct Blob {
        var path: String
        var descriptor: Descriptor
    }

    let dir: TempDir
    let fixture: FixtureCommit
    let plainTar: String
    /// The sha256 of the plain export: the diff ID of every blob of it.
    let diffID: Digest

    init() throws {
        dir = try TempDir()
        fixture = try FixtureCommit(dir: dir)
        plainTar = dir.sub("plain.tar")
        try Run.checked(Run.binary("export-commit"), ["--repo=\(fixture.repo)", "-o", plainTar, FixtureCommit.ref])
        diffID = Digest.sha256(Array(try Data(contentsOf: URL(fileURLWithPath: plainTar))))
    }

    /// Writes a blob through `LayerBlobWriter`: by default the commit's export, whose diff ID must be `diffID`.
    func writeBlob(_ compression: BlobCompression, _ content: ((TarWriter) throws -> Void)? = nil) throws -> Blob {
        let blobs = dir.sub("blobs")
        try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
        let writer = try LayerBlobWriter(directory: blobs, compression: compression)
        if let content {
            try content(writer.tar)
        } else {
            let commit = try #require(Checksum(hex: fixture.checksum))
            try CommitExporter.export(repo: try Repo(path: fixture.repo), commit: commit, to: writer.tar)
        }
        let written = try writer.commit()
        if content == nil { #expect(written.diffIDHex == diffID.encoded) }
        let descriptor = Descriptor(
            mediaType: compression.layerCompression.ociMediaType, digest: try Digest(sha256Hex: written.digestHex),
            size: written.size)
        return Blob(path: "\(blobs)/\(written.digestHex)", descriptor: descriptor)
    }

    /// The plain export split in two, each part compressed by `tool -c`, the outputs concatenated.
    func compressedInTwoParts(with tool: String, _ compression: LayerCompression) throws -> Blob {
        let plain = try Data(contentsOf: URL(fileURLWithPath: plainTar))
        let cut = plain.count / 2 + 1234
        var output = Data()
        for (name, part) in [("part1", plain.prefix(cut)), ("part2", plain.dropFirst(cut))] {
            try part.write(to: URL(fileURLWithPath: dir.sub(name)))
            output += try Run.checked(tool, ["-c", "-q", dir.sub(name)]).stdout
        }
        let path = dir.sub("two-parts.\(tool)")
        try output.write(to: URL(fileURLWithPath: path))
        return Blob(path: path, descriptor: try descriptor(of: path, compression))
    }

    /// The descriptor of a blob file as it is.
    func descriptor(of path: String, _ compression: LayerCompression) throws -> Descriptor {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        return Descriptor(
            mediaType: compression.ociMediaType, digest: Digest.sha256(bytes), size: UInt64(bytes.count))
    }

    func size(of path: String) throws -> UInt64 {
        UInt64(try Data(contentsOf: URL(fileURLWithPath: path)).count)
    }

    /// A copy of `blob`'s file changed by `edit`, still read against `blob`'s descriptor.
    func modified(_ blob: Blob, _ name: String, _ edit: (inout [UInt8]) -> Void) throws -> Blob {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: blob.path)))
        edit(&bytes)
        let path = dir.sub("\(name)-\(UUID().uuidString)")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return Blob(path: path, descriptor: blob.descriptor)
    }

    /// Opens `blob` through a verified reader for `body`.
    func withReader<T>(_ blob: Blob, expectedDiffID: Digest?, _ body: (VerifiedLayerReader) throws -> T) throws -> T {
        let fd = open(blob.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RunFailure(message: "cannot open \(blob.path)") }
        defer { close(fd) }
        let reader = try VerifiedLayerReader(
            fileDescriptor: fd, descriptor: blob.descriptor, expectedDiffID: expectedDiffID)
        return try body(reader)
    }

    /// Imports `blob` as a commit layer into a fresh repository.
    func importLayer(_ blob: Blob, expectedDiffID: Digest?, ref: String? = nil) throws -> CommitImporter.Result {
        try withReader(blob, expectedDiffID: expectedDiffID) { reader in
            try CommitImporter.importStream(reader, into: try Repo.create(at: destination, mode: .bareUser), ref: ref)
        }
    }

    /// The error importing `blob` throws; the import must fail without setting its ref.
    func importFailure(_ blob: Blob, expectedDiffID: Digest?) throws -> ToolError {
        let error = try #require(throws: ToolError.self) {
            try importLayer(blob, expectedDiffID: expectedDiffID, ref: "must-not-move")
        }
        #expect(try resolve("must-not-move") == nil, "a failed import moves no ref")
        return error
    }

    /// The commit a ref of the destination repository points at, or `nil`.
    func resolve(_ ref: String) throws -> String? {
        let result = try Run.run("ostree", ["rev-parse", "--repo=\(destination)", ref])
        return result.status == 0 ? result.trimmedStdout : nil
    }

    private var destination: String { dir.sub("destination") }
}
