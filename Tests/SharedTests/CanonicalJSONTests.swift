import Foundation
import Shared
import Testing

/// A JSON tree for tests, encoded through the containers `CanonicalJSON` sees from real types.
private indirect enum Tree: Encodable {
    case null
    case bool(Bool)
    case signed(Int64)
    case unsigned(UInt64)
    case string(String)
    case array([Tree])
    case object([(String, Tree)])

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value): try Self.encodeScalar(value, to: encoder)
        case .signed(let value): try Self.encodeScalar(value, to: encoder)
        case .unsigned(let value): try Self.encodeScalar(value, to: encoder)
        case .string(let value): try Self.encodeScalar(value, to: encoder)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    private static func encodeScalar(_ value: some Encodable, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

@Suite struct CanonicalJSONTests {
    /// olpc-cjson's own ordering test.
    @Test func sortsNestedObjectsAndWritesScalars() throws {
        let value = Tree.object([
            ("nested", .object([("bad", .bool(true)), ("good", .bool(false))])),
            ("b", .unsigned(2)),
            ("a", .unsigned(1)),
            ("c", .object([
                ("h", .object([("h", .signed(-5)), ("i", .unsigned(3))])), ("a", .null), ("x", .object([])),
            ])),
        ])
        let expected = #"{"a":1,"b":2,"c":{"a":null,"h":{"h":-5,"i":3},"x":{}},"nested":{"bad":true,"good":false}}"#
        #expect(try CanonicalJSON.encode(value) == Array(expected.utf8))
    }

    @Test func emptyContainersAndExtremeIntegers() throws {
        let value = Tree.array([
            .array([]), .object([]), .unsigned(UInt64.max), .signed(Int64.min), .signed(0), .signed(-1), .null,
        ])
        let expected = "[[],{},18446744073709551615,-9223372036854775808,0,-1,null]"
        #expect(try CanonicalJSON.encode(value) == Array(expected.utf8))
        #expect(try CanonicalJSON.encode([UInt8]()) == Array("[]".utf8))
        #expect(try CanonicalJSON.encode([String: Int]()) == Array("{}".utf8))
    }

    /// Only `"` and `\` are escaped; control characters, `/` and non-ASCII are written raw.
    @Test func escapesOnlyQuoteAndBackslash() throws {
        let labels = ["tab": "a\tb", "newline": "line1\nline2", "path": "/usr/bin", "quote": "say \"hi\" \\o/"]
        let expected: [UInt8] =
            Array(#"{"newline":"line1"#.utf8) + [0x0a]
            + Array(#"line2","path":"/usr/bin","quote":"say \"hi\" \\o/","tab":"a"#.utf8) + [0x09] + Array(#"b"}"#.utf8)
        #expect(try CanonicalJSON.encode(labels) == expected)
        let tabKey = Tree.object([("\t", .string("\n"))])
        #expect(try CanonicalJSON.encode(tabKey) == [0x7b, 0x22, 0x09, 0x22, 0x3a, 0x22, 0x0a, 0x22, 0x7d])
    }

    @Test(arguments: 0..<0x20)
    func controlCharacterIsWrittenRaw(_ code: Int) throws {
        let scalar = try #require(Unicode.Scalar(UInt32(code)))
        #expect(try CanonicalJSON.encode(String(scalar)) == [0x22, UInt8(code), 0x22])
    }

    /// Strings are written in NFC, as `olpc-cjson` normalizes them; keys that become equal collapse.
    @Test func normalizesUnicodeToNFC() throws {
        let decomposed = "e\u{301}"
        #expect(try CanonicalJSON.encode(decomposed) == [0x22, 0xc3, 0xa9, 0x22])
        #expect(try CanonicalJSON.encode("😀～") == [0x22] + Array("😀～".utf8) + [0x22])
        let collapsed = Tree.object([("\u{e9}", .unsigned(1)), (decomposed, .unsigned(2))])
        #expect(try text(CanonicalJSON.encode(collapsed)) == "{\"\u{e9}\":2}")
    }

    /// Keys sort by their written bytes, quotes included: byte order, except that a key sorts before its own
    /// prefix when the next character is below `"` (olpc-cjson sorts the serialized keys).
    @Test func sortsKeysByWrittenBytes() throws {
        let keys = ["😀", "a9", "～", "a10", "B", "a", "é", "z", "a!", "a\"", "a#"]
        let value = Tree.object(keys.map { ($0, .bool(true)) })
        let order = #"{"B":true,"a!":true,"a":true,"a#":true,"a10":true,"a9":true,"a\"":true,"#
            + #""z":true,"é":true,"～":true,"😀":true}"#
        #expect(try text(CanonicalJSON.encode(value)) == order)
    }

    @Test func laterDuplicateKeyWins() throws {
        #expect(try text(CanonicalJSON.encode(Tree.object([("k", .unsigned(1)), ("k", .unsigned(2))]))) == #"{"k":2}"#)
    }

    @Test func rejectsFloatingPoint() {
        #expect(throws: ToolError.self) { try CanonicalJSON.encode(["x": 1.5]) }
        #expect(throws: ToolError.self) { try CanonicalJSON.encode(Float(2)) }
        #expect(throws: ToolError.self) { try CanonicalJSON.encode(["created": Date(timeIntervalSince1970: 0)]) }
    }

    @Test func encodesSpecTypesOmittingNilFields() throws {
        let digest = try Digest(sha256Hex: String(repeating: "ab", count: 32))
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.ociConfig, digest: digest, size: 7023),
            layers: [
                Descriptor(
                    mediaType: MediaType.ociLayerTarGzip, digest: digest, size: 100,
                    annotations: ["ostree.components": "bash,glibc"])
            ])
        let hex = digest.encoded
        let expected =
            #"{"config":{"digest":"sha256:\#(hex)","#
            + #""mediaType":"application/vnd.oci.image.config.v1+json","size":7023},"#
            + #""layers":[{"annotations":{"ostree.components":"bash,glibc"},"digest":"sha256:\#(hex)","#
            + #""mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":100}],"schemaVersion":2}"#
        #expect(try text(CanonicalJSON.encode(manifest)) == expected)
    }

    @Test func encodesImageConfigWithCapitalizedKeysAndRawLabels() throws {
        let diffID = try Digest(sha256Hex: String(repeating: "0", count: 64))
        let config = ImageConfig(
            created: "1997-08-29T18:30:42Z", architecture: "amd64", os: "linux",
            config: ContainerConfig(
                exposedPorts: ["80/tcp": EmptyObject()], cmd: ["/usr/bin/bash"],
                labels: ["note": "a\tb", "ostree.commit": "c0ffee"], stopSignal: "SIGRTMIN+3"),
            rootfs: ImageConfig.RootFS(diffIDs: [diffID]),
            history: [
                ImageConfig.History(created: "1997-08-29T18:30:42Z", createdBy: "ostree export of commit c0ffee")
            ])
        let expected =
            #"{"architecture":"amd64","config":{"Cmd":["/usr/bin/bash"],"ExposedPorts":{"80/tcp":{}},"#
            + #""Labels":{"note":"a"# + "\t" + #"b","ostree.commit":"c0ffee"},"StopSignal":"SIGRTMIN+3"},"#
            + #""created":"1997-08-29T18:30:42Z","history":[{"created":"1997-08-29T18:30:42Z","#
            + #""created_by":"ostree export of commit c0ffee"}],"os":"linux","#
            + #""rootfs":{"diff_ids":["sha256:\#(diffID.encoded)"],"type":"layers"}}"#
        #expect(try text(CanonicalJSON.encode(config)) == expected)
    }

    /// Without control characters, NFC issues or prefix keys, the output is what Foundation's sorted encoder
    /// writes (style.md §2.12).
    @Test func matchesSortedJSONEncoderOnPlainInput() throws {
        let digest = Digest.sha256(Array("layer".utf8))
        let index = Index(manifests: [
            Descriptor(
                mediaType: MediaType.ociManifest, digest: digest, size: 1234,
                annotations: [Index.refNameAnnotation: "latest"],
                platform: Platform(architecture: "amd64", os: "linux"))
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try CanonicalJSON.encode(index) == Array(encoder.encode(index)))
    }
}
