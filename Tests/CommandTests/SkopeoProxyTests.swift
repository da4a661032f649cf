import Foundation
import Testing

@testable import Shared

/// The skopeo proxy client against the installed skopeo (1.9.3 on Debian 12): protocol, method set, a real
/// registry, and the one-stream-at-a-time rule.
@Suite struct SkopeoProxyTests {
    @Test func speaksProtocol023AndAnswersTheMethodsWeUse() throws {
        let fixture = try ImageFixture(dir: TempDir())
        let client = try SkopeoProxyClient()
        #expect(ProxyProtocol.isSupported(version: client.protocolVersion))
        let image = try client.openImage(fixture.reference())
        let id = ProxyProtocol.Argument.number(UInt64(image.id))
        // Answered, with a pipe: the config methods we do not use (GetBlob gives the exact bytes instead).
        for method in ["GetConfig", "GetFullConfig"] {
            let (reply, pipe) = try client.call(method, [id], failure: method)
            let fd = try #require(pipe).release()
            // The JSON fits in the pipe buffer, so FinishPipe can come first; then the pipe reads to its end.
            try client.finishPipe(reply.pipeid)
            let data = FileHandle(fileDescriptor: fd, closeOnDealloc: true).readDataToEndOfFile()
            #expect((try? JSONSerialization.jsonObject(with: data)) is [String: Any])
        }
        // Not answered by 1.9.3 (added in later protocol versions): the client must not need them.
        for method in ["OpenImageOptional", "GetRawManifest", "GetLayerInfo", "GetLayerInfoPiped"] {
            expectToolError(.subprocess, containing: [method, "unknown method: \(method)"]) {
                _ = try client.call(method, [id], failure: method)
            }
        }
        _ = try readWholeImage(ProxyImageSource(fixture.reference(), client: client))
        try client.closeImage(image)
        try client.shutdown()
        try client.shutdown()
        expectToolError(.invalidArgument, containing: ["shut down"]) { _ = try client.openImage(fixture.reference()) }
    }

    @Test func oneStreamAtATime() throws {
        let fixture = try ImageFixture(dir: TempDir())
        let source = try ProxyImageSource(fixture.reference(), options: ProxyOptions())
        defer { try? source.close() }
        let manifest = try source.fetchImageManifest()
        let layer = try fixture.bigLayer()
        let stream = try source.openBlob(layer)
        expectToolError(.invalidArgument, containing: [layer.digest.description, "GetBlob"]) {
            _ = try source.fetchConfig(manifest.value)
        }
        #expect(try drain(stream).digest == layer.digest)
        _ = try source.fetchConfig(manifest.value)
    }

    @Test func shutdownWithAStreamOpenClosesIt() throws {
        let fixture = try ImageFixture(dir: TempDir())
        let client = try SkopeoProxyClient()
        let source = try ProxyImageSource(fixture.reference(), client: client)
        let stream = try source.openBlob(fixture.bigLayer())
        _ = try stream.readChunk(maxCount: 100)
        try client.shutdown()
        expectToolError(.invalidArgument, containing: ["closed"]) { _ = try stream.readChunk() }
    }

    @Test func skopeoDyingMidStreamIsAnErrorNamingTheBlob() throws {
        let fixture = try ImageFixture(dir: TempDir())
        let client = try SkopeoProxyClient()
        let source = try ProxyImageSource(fixture.reference(), client: client)
        let layer = try fixture.bigLayer()
        let stream = try source.openBlob(layer)
        _ = try stream.readChunk(maxCount: 100)
        #expect(kill(client.processIdentifier, SIGKILL) == 0)
        expectToolError(.subprocess, containing: [layer.digest.description, "skopeo image proxy exited"]) {
            _ = try drain(stream)
        }
        expectToolError(.invalidArgument, containing: ["shut down"]) { _ = try source.fetchManifest() }
        try client.shutdown()
    }

    @Test func missingImageInTheRegistryAndDeadRegistry() throws {
        let registry = try LocalRegistry()
        let options = ProxyOptions(insecureSkipTLSVerification: true)
        let missing = try ImageReference(parsing: registry.reference("absent:v1"))
        expectToolError(.notFound, containing: [registry.address, "absent"]) {
            let source = try ProxyImageSource(missing, options: options)
            defer { try? source.close() }
            _ = try source.fetchManifest()
        }
        registry.stop()
        expectToolError(.subprocess, containing: ["cannot open image", registry.address]) {
            _ = try ProxyImageSource(missing, options: options)
        }
    }

    @Test func readsFromALocalRegistry() throws {
        let fixture = try ImageFixture(dir: TempDir())
        let (_, amd64, arm64) = try fixture.addMultiPlatformIndex()
        let registry = try LocalRegistry()
        defer { registry.stop() }
        let single = try ImageReference(parsing: registry.push("oci:\(fixture.layout):v1", as: "test:v1"))
        let multi = try ImageReference(parsing: registry.push("oci:\(fixture.layout):multi", as: "test:multi"))

        // TLS verification is on by default: plain HTTP fails, and says so.
        expectToolError(.subprocess, containing: ["cannot open image", registry.address]) {
            _ = try ImageSources.open(single)
        }

        let options = ProxyOptions(insecureSkipTLSVerification: true)
        let source = try ImageSources.open(single, options: options)
        #expect(source is ProxyImageSource)
        let manifest = try readWholeImage(source)
        #expect(manifest.digest == (try fixture.entry()).digest)
        try source.close()

        // A Docker schema 2 manifest arrives converted to OCI, named by the digest of the stored Docker manifest.
        let docker = registry.reference("test:docker")
        try Run.checked(
            "skopeo", ["copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:\(fixture.layout):v1", docker])
        let raw = try Run.checked("skopeo", ["inspect", "--raw", "--tls-verify=false", docker]).stdout
        let converted = try ImageSources.open(ImageReference(parsing: docker), options: options)
        let convertedManifest = try readWholeImage(converted)
        #expect(convertedManifest.digest == Digest.sha256(Array(raw)))
        #expect(String(decoding: raw, as: UTF8.self).contains(MediaType.dockerManifest))
        #expect(convertedManifest.value.mediaType == MediaType.ociManifest)
        try converted.close()

        let index = try ProxyImageSource(multi, options: options)
        defer { try? index.close() }
        // arm64 is a second proxy with --override-arch; its manifest by digest reopens the repository @digest.
        try expectPlatformsPicked(from: index, amd64: amd64, arm64: arm64)
    }
}

extension SkopeoProxyClient {
    /// Test helper: ends a pipe handed out by a raw `call` and checks its `FinishPipe` reply.
    fileprivate func finishPipe(_ pipeID: UInt32) throws {
        let (reply, _) = try call("FinishPipe", [.number(UInt64(pipeID))], failure: "FinishPipe")
        #expect(reply.success)
    }
}
