import Foundation
import Testing

@testable import Shared

@Suite struct ImageProxyUnitTests {
    @Test func proxyArgumentsUseSkopeo193FlagNames() {
        #expect(ProxyOptions().proxyArguments() == ["experimental-image-proxy", "--sockfd", "0"])
        let options = ProxyOptions(authFile: "/a/auth.json", certDirectory: "/certs", insecureSkipTLSVerification: true)
        #expect(
            options.proxyArguments(defaultAuthFile: "/ignored") == [
                "experimental-image-proxy", "--sockfd", "0", "--authfile", "/a/auth.json", "--cert-dir", "/certs",
                "--tls-verify=false",
            ])
        #expect(
            ProxyOptions().proxyArguments(defaultAuthFile: "/run/ostree/auth.json").suffix(2) == [
                "--authfile", "/run/ostree/auth.json",
            ])
    }

    @Test func defaultAuthFileSearchOrder() {
        let all: (String) -> Bool = { _ in true }
        let none: (String) -> Bool = { _ in false }
        #expect(ProxyOptions.defaultAuthFile(isRoot: true, environment: [:], exists: all) == "/run/ostree/auth.json")
        #expect(
            ProxyOptions.defaultAuthFile(isRoot: true, environment: [:], exists: { $0.hasPrefix("/usr/lib") })
                == "/usr/lib/ostree/auth.json")
        #expect(ProxyOptions.defaultAuthFile(isRoot: true, environment: [:], exists: none) == nil)
        let environment = ["XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/u"]
        #expect(
            ProxyOptions.defaultAuthFile(isRoot: false, environment: environment, exists: all)
                == "/run/user/1000/ostree/auth.json")
        #expect(
            ProxyOptions.defaultAuthFile(isRoot: false, environment: environment, exists: { $0.hasPrefix("/home") })
                == "/home/u/.config/ostree/auth.json")
        #expect(
            ProxyOptions.defaultAuthFile(
                isRoot: false, environment: ["XDG_CONFIG_HOME": "/cfg"], exists: { $0.hasPrefix("/cfg") })
                == "/cfg/ostree/auth.json")
    }

    @Test(arguments: [
        ("0.2.3", true), ("0.2.7", true), ("0.2.10-dev", true), ("0.2.2", false), ("0.3.0", false),
        ("1.2.3", false), ("0.2", false), ("x", false),
    ])
    func protocolVersions(version: String, supported: Bool) {
        #expect(ProxyProtocol.isSupported(version: version) == supported)
    }

    @Test func requestsAreOneJSONObject() throws {
        let bytes = try ProxyProtocol.encode("GetBlob", [.number(1), .string("sha256:ab/c"), .number(42)])
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"args":[1,"sha256:ab/c",42],"method":"GetBlob"}"#)
    }

    @Test func repliesDecode() throws {
        let blob = try ProxyProtocol.decodeReply(
            Array(#"{"success":true,"value":-1,"pipeid":9,"error":""}"#.utf8), method: "GetBlob")
        #expect(blob.success && blob.value == .integer(-1) && blob.pipeid == 9)
        let failed = try ProxyProtocol.decodeReply(
            Array(#"{"success":false,"value":null,"pipeid":0,"error":"no"}"#.utf8), method: "OpenImage")
        #expect(!failed.success && failed.value == .null && failed.error == "no")
        #expect(throws: ToolError.self) { try ProxyProtocol.decodeReply(Array("[]".utf8), method: "X") }
    }

    @Test func proxyErrorKinds() {
        #expect(SkopeoProxyClient.kind(ofProxyError: "open /x/index.json: no such file or directory") == .notFound)
        #expect(SkopeoProxyClient.kind(ofProxyError: #"no descriptor found for reference "nope""#) == .notFound)
        #expect(SkopeoProxyClient.kind(ofProxyError: "corrupted blob, expecting sha256:00") == .corrupt)
        // Hex in digests and paths is not a status code.
        let digest = "sha256:99d19b36138ff8996318240459cc5edafe68a3e4aea6ae3a223cb8d4323236f9"
        #expect(SkopeoProxyClient.kind(ofProxyError: "reading blob \(digest): corrupted blob, expecting \(digest)") == .corrupt)
        #expect(SkopeoProxyClient.kind(ofProxyError: "fetching blob \(digest): connection reset") == .subprocess)
        #expect(SkopeoProxyClient.kind(ofProxyError: "fetching blob: StatusCode: 404, <html>") == .notFound)
        #expect(SkopeoProxyClient.kind(ofProxyError: "pinging container registry x: connection refused") == .subprocess)
    }

    @Test(arguments: [
        ("quay.io/exampleos/os:latest", "quay.io/exampleos/os"),
        ("localhost:5000/os", "localhost:5000/os"),
        ("localhost:5000/os:v1", "localhost:5000/os"),
        ("quay.io/os@sha256:\(String(repeating: "1", count: 64))", "quay.io/os"),
    ])
    func registryReferencesPinToADigest(name: String, repository: String) throws {
        let digest = Digest.sha256([1, 2, 3])
        let pinned = ImageReference(transport: .registry, name: name).pinned(to: digest)
        #expect(pinned?.description == "docker://\(repository)@\(digest)")
        #expect(ImageReference(transport: .ociDir, name: "/srv/x:v1").pinned(to: digest) == nil)
    }

    @Test func indexPicksAPlatform() throws {
        func entry(_ arch: String, _ byte: UInt8, variant: String? = nil) -> Descriptor {
            Descriptor(
                mediaType: MediaType.ociManifest, digest: Digest.sha256([byte]), size: 1,
                platform: Platform(architecture: arch, os: "linux", variant: variant))
        }
        let index = Index(manifests: [entry("arm64", 1, variant: "v8"), entry("amd64", 2), entry("amd64", 3)])
        #expect(index.manifest(architecture: "amd64", os: "linux")?.digest == Digest.sha256([2]))
        #expect(index.manifest(architecture: "arm64", os: "linux")?.digest == Digest.sha256([1]))
        #expect(index.manifest(architecture: "s390x", os: "linux") == nil)
        #expect(index.manifest(architecture: "amd64", os: "windows") == nil)
        #expect(index.platformNames == ["linux/arm64/v8", "linux/amd64", "linux/amd64"])
    }

    @Test func manifestKindFromMediaTypeOrShape() throws {
        let digest = Digest.sha256([0])
        let index = Array(#"{"schemaVersion":2,"manifests":[]}"#.utf8)
        let config = #"{"mediaType":"x","digest":"\#(digest)","size":1}"#
        let manifest = Array(#"{"schemaVersion":2,"config":\#(config),"layers":[]}"#.utf8)
        guard case .index = try FetchedManifest(bytes: index, digest: digest, mediaType: nil, source: "t") else {
            Issue.record("not an index")
            return
        }
        guard case .image(let image) = try FetchedManifest(bytes: manifest, digest: digest, mediaType: nil, source: "t")
        else {
            Issue.record("not a manifest")
            return
        }
        #expect(image.digest == digest && image.bytes == manifest)
        #expect(throws: ToolError.self) {
            try FetchedManifest(bytes: index, digest: digest, mediaType: MediaType.ociManifest, source: "t")
        }
        #expect(throws: ToolError.self) {
            try FetchedManifest(bytes: [1, 2], digest: digest, mediaType: nil, source: "t")
        }
    }
}
