import Foundation
import Shared
import Testing

private let hexA = String(repeating: "a", count: 64)
private let hexB = String(repeating: "b", count: 64)

@Suite struct DigestTests {
    @Test func parsesAndPrints() throws {
        let digest = try Digest(parsing: "sha256:\(hexA)")
        #expect(digest.algorithm == "sha256")
        #expect(digest.encoded == hexA)
        #expect(digest.description == "sha256:\(hexA)")
        #expect(try Digest(sha256Hex: hexA) == digest)
    }

    @Test(arguments: [
        "", "sha256", "sha256:", "sha256:\(hexA)a", "sha256:\(hexA.dropLast())", "sha256:\(hexA.uppercased())",
        ":\(hexA)", "sha256:\(hexA.dropLast())g",
    ])
    func rejectsInvalid(_ text: String) {
        #expect {
            try Digest(parsing: text)
        } throws: { error in
            let error = error as? ToolError
            return error?.kind == .invalidArgument && error?.message.contains("'\(text)'") == true
        }
    }

    @Test func rejectsOtherAlgorithms() {
        #expect {
            try Digest(parsing: "sha512:\(hexA)\(hexA)")
        } throws: { error in
            (error as? ToolError)?.kind == .unsupported
        }
    }

    @Test func hashesBytesAndStreams() {
        #expect(Digest.sha256([]).encoded == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let data = Array("hello, layer".utf8)
        var hasher = DigestHasher()
        hasher.update(data[..<5])
        hasher.update(data[5...])
        #expect(hasher.finalize() == Digest.sha256(data))
    }

    @Test func codesAsString() throws {
        let json = Array("[\"sha256:\(hexB)\"]".utf8)
        let decoded = try JSONDecoder().decode([Digest].self, from: Data(json))
        #expect(decoded == [try Digest(sha256Hex: hexB)])
        #expect(try CanonicalJSON.encode(decoded) == json)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Digest].self, from: Data("[\"md5:00\"]".utf8)) }
    }
}

@Suite struct MediaTypeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let mediaType: String
        let compression: LayerCompression
        var testDescription: String { mediaType }
    }

    @Test(arguments: [
        Case(mediaType: "application/vnd.oci.image.layer.v1.tar", compression: .none),
        Case(mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", compression: .gzip),
        Case(mediaType: "application/vnd.oci.image.layer.v1.tar+zstd", compression: .zstd),
        Case(mediaType: "application/vnd.docker.image.rootfs.diff.tar", compression: .none),
        Case(mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", compression: .gzip),
    ])
    func layerCompression(_ testCase: Case) throws {
        #expect(try LayerCompression(mediaType: testCase.mediaType) == testCase.compression)
    }

    @Test func unknownLayerTypeIsUnsupported() {
        #expect {
            try LayerCompression(mediaType: MediaType.ociConfig)
        } throws: { error in
            let error = error as? ToolError
            return error?.kind == .unsupported
                && error?.message == "unsupported layer media type application/vnd.oci.image.config.v1+json"
        }
    }

    @Test func ociMediaTypesRoundTrip() throws {
        for compression in LayerCompression.allCases {
            #expect(try LayerCompression(mediaType: compression.ociMediaType) == compression)
        }
    }
}

@Suite struct RawJSONTests {
    /// A manifest as ostree-ext writes it (no `mediaType`) plus fields this package does not model.
    private let manifestJSON = """
        {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",\
        "digest":"sha256:\(hexA)","size":7023,"x-extra":[1,2]},"layers":[{"mediaType":\
        "application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:\(hexB)","size":100,\
        "annotations":{"ostree.components":"bash"}}],"unknown":{"nested":true}}
        """

    @Test func decodesToleratingUnknownFieldsAndKeepsBytes() throws {
        let bytes = Array(manifestJSON.utf8)
        let raw = try RawJSON<Manifest>(bytes: bytes)
        #expect(raw.bytes == bytes)
        #expect(raw.digest == Digest.sha256(bytes))
        #expect(raw.value.mediaType == nil)
        #expect(raw.value.config.size == 7023)
        #expect(raw.value.layers.first?.annotations?["ostree.components"] == "bash")
        #expect(try RawJSON<Manifest>(bytes: bytes, expected: raw.digest).value == raw.value)
    }

    @Test func indexWithoutMediaType() throws {
        let json = #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","#
            + #""digest":"sha256:\#(hexA)","size":1,"#
            + #""platform":{"architecture":"amd64","os":"linux","os.version":"1"}}]}"#
        let index = try RawJSON<Index>(bytes: Array(json.utf8)).value
        #expect(index.mediaType == nil)
        #expect(index.manifests.first?.platform?.osVersion == "1")
    }

    @Test func dockerConfigDecodes() throws {
        let json = #"{"architecture":"arm64","os":"linux","docker_version":"20","container_config":{"Hostname":"x"},"#
            + #""config":{"Env":["PATH=/usr/bin"],"Volumes":{"/data":{}},"Labels":null},"#
            + #""rootfs":{"type":"layers","diff_ids":["sha256:\#(hexB)"]},"#
            + #""history":[{"created_by":"x","empty_layer":true}]}"#
        let config = try RawJSON<ImageConfig>(bytes: Array(json.utf8)).value
        #expect(config.architecture == "arm64")
        #expect(config.config?.volumes?["/data"] == EmptyObject())
        #expect(config.config?.labels == nil)
        #expect(config.rootfs.diffIDs == [try Digest(sha256Hex: hexB)])
        #expect(config.history?.first?.emptyLayer == true)
    }

    @Test func errorsNameTheFieldAndDigest() {
        let json = #"{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:abc","size":1},"layers":[]}"#
        let bytes = Array(json.utf8)
        #expect {
            try RawJSON<Manifest>(bytes: bytes)
        } throws: { error in
            let error = error as? ToolError
            return error?.kind == .corrupt && error?.message.contains("config.digest") == true
                && error?.message.contains(Digest.sha256(bytes).description) == true
        }
        #expect {
            try RawJSON<Manifest>(bytes: Array(#"{"schemaVersion":2}"#.utf8))
        } throws: { error in
            (error as? ToolError)?.message.contains("missing key 'config'") == true
        }
    }

    @Test func rejectsNegativeSizeAndDigestMismatch() throws {
        let json = #"{"mediaType":"x","digest":"sha256:\#(hexA)","size":-1}"#
        #expect(throws: ToolError.self) { try RawJSON<Descriptor>(bytes: Array(json.utf8)) }
        #expect {
            try RawJSON<Manifest>(bytes: Array(manifestJSON.utf8), expected: try Digest(sha256Hex: hexA))
        } throws: { error in
            (error as? ToolError)?.message.contains("expected sha256:\(hexA)") == true
        }
    }
}

@Suite struct GoArchTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let spelling: String
        let arch: GoArch?
        var testDescription: String { spelling }
    }

    @Test(arguments: [
        Case(spelling: "x86_64", arch: .amd64), Case(spelling: "amd64", arch: .amd64),
        Case(spelling: "aarch64", arch: .arm64), Case(spelling: "arm64", arch: .arm64),
        Case(spelling: "ppc64le", arch: .ppc64le), Case(spelling: "s390x", arch: .s390x),
        Case(spelling: "i686", arch: .i386), Case(spelling: "386", arch: .i386), Case(spelling: "x86", arch: .i386),
        Case(spelling: "armv7l", arch: .arm), Case(spelling: "armhf", arch: .arm),
        Case(spelling: "riscv64", arch: .riscv64), Case(spelling: "mips64le", arch: nil), Case(spelling: "", arch: nil),
    ])
    func mapsSpellings(_ testCase: Case) {
        #expect(GoArch(spelling: testCase.spelling) == testCase.arch)
    }

    @Test func goNamesAreRawValues() {
        #expect(GoArch.allCases.map(\.rawValue) == ["amd64", "arm64", "ppc64le", "s390x", "386", "arm", "riscv64"])
        for arch in GoArch.allCases { #expect(GoArch(spelling: arch.rawValue) == arch) }
    }

    @Test func hostMatchesTheBuild() throws {
        let host = try GoArch.host()
        #if arch(x86_64)
            #expect(host == .amd64)
        #elseif arch(arm64)
            #expect(host == .arm64)
        #else
            #expect(GoArch.allCases.contains(host))
        #endif
    }
}
