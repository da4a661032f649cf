import Foundation
import Shared
import Testing

/// The two image sources, held to the same contract over the same umoci-made layouts: the OCI layout read
/// directly, and skopeo's image proxy reading `oci:DIR:TAG`.
enum SourceKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case layout, proxy

    var testDescription: String { rawValue }

    func open(_ reference: ImageReference, options: ProxyOptions = ProxyOptions()) throws -> any ImageSource {
        switch self {
        case .layout: try OCILayoutSource(OCILayoutReference(reference))
        case .proxy: try ProxyImageSource(reference, options: options)
        }
    }
}

/// Reads a stream chunk by chunk, hashing independently of the stream's own check.
func drain(_ stream: BlobStream) throws -> (digest: Digest, size: Int) {
    var hasher = DigestHasher()
    var size = 0
    while true {
        let chunk = try stream.readChunk(maxCount: 10_000)
        if chunk.isEmpty { break }
        hasher.update(chunk)
        size += chunk.count
    }
    try stream.finish()
    return (hasher.finalize(), size)
}

/// Reads manifest, config and every layer of `source`; each blob's sha256 must equal its digest.
func readWholeImage(_ source: any ImageSource) throws -> RawJSON<Manifest> {
    let manifest = try source.fetchImageManifest()
    let config = try source.fetchConfig(manifest.value)
    #expect(Digest.sha256(config.bytes) == manifest.value.config.digest)
    #expect(config.value.rootfs.diffIDs.count == manifest.value.layers.count)
    for layer in manifest.value.layers {
        let stream = try source.openBlob(layer)
        let (digest, size) = try drain(stream)
        #expect(digest == layer.digest)
        #expect(UInt64(size) == layer.size)
        #expect(stream.isComplete && stream.bytesRead == layer.size)
    }
    return manifest
}

/// `source` names the fixture's two-platform index: each platform gives its own manifest and config, and the
/// arm64 entry fetched by digest is the exact bytes of that digest.
func expectPlatformsPicked(from source: any ImageSource, amd64: Descriptor, arm64: Descriptor) throws {
    #expect(try source.fetchImageManifest(architecture: .amd64, os: "linux").digest == amd64.digest)
    let other = try source.fetchImageManifest(architecture: .arm64, os: "linux")
    #expect(other.digest == arm64.digest)
    #expect(try source.fetchConfig(other.value).value.architecture == "arm64")
    guard case .image(let byDigest) = try source.fetchManifest(arm64) else {
        Issue.record("the arm64 entry was fetched as an index")
        return
    }
    #expect(byDigest.digest == arm64.digest && Digest.sha256(byDigest.bytes) == arm64.digest)
}

/// `body` throws a `ToolError` of `kind` whose message contains every one of `parts`.
func expectToolError(
    _ kind: ToolError.Kind, containing parts: [String], sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected a \(kind) error containing \(parts)", sourceLocation: sourceLocation)
    } catch let error as ToolError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(error.description.contains(part), "\(error)", sourceLocation: sourceLocation)
        }
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a ToolError, got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct ImageSourceTests {
    @Test(arguments: SourceKind.allCases)
    func readsManifestConfigAndEveryBlob(kind: SourceKind) throws {
        let fixture = try ImageFixture(dir: TempDir())
        let source = try kind.open(fixture.reference())
        let manifest = try readWholeImage(source)
        let entry = try fixture.entry()
        #expect(manifest.digest == entry.digest)
        #expect(manifest.bytes == (try fixture.blob(entry.digest)))
        #expect(manifest.value.layers.count == 2)
        try source.close()
        try source.close()
    }

    @Test(arguments: SourceKind.allCases)
    func missingTagNamesTheTag(kind: SourceKind) throws {
        let fixture = try ImageFixture(dir: TempDir())
        expectToolError(.notFound, containing: ["nosuchtag"]) { _ = try kind.open(fixture.reference(tag: "nosuchtag")) }
    }

    @Test(arguments: SourceKind.allCases)
    func missingLayoutNamesThePath(kind: SourceKind) throws {
        let dir = try TempDir()
        let reference = try ImageReference(parsing: "oci:\(dir.sub("absent")):v1")
        expectToolError(.notFound, containing: [dir.sub("absent")]) { _ = try kind.open(reference) }
    }

    @Test(arguments: SourceKind.allCases)
    func missingBlobNamesTheDigest(kind: SourceKind) throws {
        let fixture = try ImageFixture(dir: TempDir()).copy(to: "broken")
        let layer = try fixture.bigLayer()
        try FileManager.default.removeItem(atPath: fixture.blobPath(layer.digest))
        let source = try kind.open(fixture.reference())
        defer { try? source.close() }
        expectToolError(.notFound, containing: [layer.digest.description]) { _ = try source.openBlob(layer) }
        // The source stays usable.
        let manifest = try source.fetchImageManifest()
        _ = try source.fetchConfig(manifest.value)
    }

    @Test(arguments: SourceKind.allCases)
    func corruptBlobFailsAtItsEndNamingTheDigest(kind: SourceKind) throws {
        let fixture = try ImageFixture(dir: TempDir()).copy(to: "broken")
        let layer = try fixture.bigLayer()
        try fixture.corrupt(layer.digest)
        let source = try kind.open(fixture.reference())
        defer { try? source.close() }
        let stream = try source.openBlob(layer)
        expectToolError(.corrupt, containing: [layer.digest.description]) { _ = try drain(stream) }
        #expect(!stream.isComplete)
        expectToolError(.corrupt, containing: [layer.digest.description]) { try stream.finish() }
        let manifest = try source.fetchImageManifest()
        _ = try source.fetchConfig(manifest.value)
    }

    @Test(arguments: SourceKind.allCases)
    func wrongSizeInTheDescriptorIsAnError(kind: SourceKind) throws {
        let fixture = try ImageFixture(dir: TempDir())
        let source = try kind.open(fixture.reference())
        defer { try? source.close() }
        var layer = try fixture.bigLayer()
        for size in [layer.size + 1, layer.size - 1] {
            layer.size = size
            expectToolError(.corrupt, containing: [layer.digest.description]) { _ = try drain(source.openBlob(layer)) }
        }
    }

    @Test(arguments: SourceKind.allCases)
    func closingAStreamEarlyKeepsTheSourceUsable(kind: SourceKind) throws {
        let fixture = try ImageFixture(dir: TempDir())
        let source = try kind.open(fixture.reference())
        defer { try? source.close() }
        let layer = try fixture.bigLayer()
        let stream = try source.openBlob(layer)
        #expect(try stream.readChunk(maxCount: 1000).count > 0)
        stream.close()
        expectToolError(.invalidArgument, containing: [layer.digest.description]) { _ = try stream.readChunk() }
        // A dropped stream is abandoned the same way.
        _ = try source.openBlob(layer).readChunk(maxCount: 10)
        _ = try readWholeImage(source)
    }

    /// What parallel pull lanes rely on: a concurrent source streams one blob while the original streams another,
    /// chunk by chunk in turn, and both verify.
    @Test(arguments: SourceKind.allCases)
    func concurrentSourceStreamsAnotherBlobAtTheSameTime(kind: SourceKind) throws {
        let fixture = try ImageFixture(dir: TempDir())
        let source = try kind.open(fixture.reference())
        defer { try? source.close() }
        let other = try #require(try source.concurrentSource())
        defer { try? other.close() }
        #expect(other !== source)
        let layers = try fixture.manifest().layers
        let streams = [try source.openBlob(layers[0]), try other.openBlob(layers[1])]
        var hashers = [DigestHasher(), DigestHasher()]
        var open = [true, true]
        while open.contains(true) {
            for index in 0..<2 where open[index] {
                let chunk = try streams[index].readChunk(maxCount: 4096)
                if chunk.isEmpty { open[index] = false } else { hashers[index].update(chunk) }
            }
        }
        for index in 0..<2 {
            #expect(streams[index].isComplete)
            #expect(hashers[index].finalize() == layers[index].digest)
        }
        _ = try readWholeImage(other)
    }

    @Test func archivesOfferNoConcurrentSource() throws {
        let dir = try TempDir()
        let fixture = try ImageFixture(dir: dir)
        let archive = dir.sub("image.ociarchive")
        try Run.checked("skopeo", ["copy", "oci:\(fixture.layout):\(ImageFixture.tag)", "oci-archive:\(archive):v1"])
        let source = try ImageSources.open(ImageReference(parsing: "oci-archive:\(archive):v1"))
        defer { try? source.close() }
        #expect(try source.concurrentSource() == nil)
    }

    @Test(arguments: SourceKind.allCases)
    func indexPicksThePlatform(kind: SourceKind) throws {
        let fixture = try ImageFixture(dir: TempDir())
        let (index, amd64, arm64) = try fixture.addMultiPlatformIndex()
        let source = try kind.open(fixture.reference(tag: ImageFixture.multiTag))
        defer { try? source.close() }
        try expectPlatformsPicked(from: source, amd64: amd64, arm64: arm64)
        if kind == .layout {
            guard case .index(let fetched) = try source.fetchManifest() else {
                Issue.record("the multi tag is not an index")
                return
            }
            #expect(fetched.digest == index.digest)
            expectToolError(.notFound, containing: [index.digest.description, "linux/s390x", "linux/arm64"]) {
                _ = try source.fetchImageManifest(architecture: .s390x, os: "linux")
            }
        }
    }

    @Test func factoryReadsOCILayoutsDirectly() throws {
        let fixture = try ImageFixture(dir: TempDir())
        // No skopeo on this path: a skopeo that does not exist must not matter.
        let source = try ImageSources.open(fixture.reference(), options: ProxyOptions(skopeo: "/nonexistent/skopeo"))
        #expect(source is OCILayoutSource)
        _ = try readWholeImage(source)
        try source.close()
    }

    @Test func factoryUsesTheProxyForOtherTransports() throws {
        let dir = try TempDir()
        let fixture = try ImageFixture(dir: dir)
        let archive = dir.sub("image.ociarchive")
        try Run.checked("skopeo", ["copy", "oci:\(fixture.layout):\(ImageFixture.tag)", "oci-archive:\(archive):v1"])
        let source = try ImageSources.open(ImageReference(parsing: "oci-archive:\(archive):v1"))
        #expect(source is ProxyImageSource)
        let manifest = try readWholeImage(source)
        #expect(manifest.digest == (try fixture.entry()).digest)
        try source.close()
        expectToolError(.notFound, containing: ["/nonexistent/skopeo"]) {
            _ = try ImageSources.open(
                ImageReference(parsing: "docker://localhost/x"), options: ProxyOptions(skopeo: "/nonexistent/skopeo"))
        }
    }
}
