import Shared
import Testing

private let checksumA = String(repeating: "a", count: 64)
private let checksumB = String(repeating: "b", count: 64)

private func expectInvalid(_ message: String, json: String) {
    #expect {
        try ContentMeta(json: Array(json.utf8))
    } throws: { error in
        let error = error as? ToolError
        return error?.kind == .invalidArgument && error?.message == "invalid content metadata: \(message)"
    }
}

@Suite struct ContentMetaTests {
    /// Layers keep document order (not key order); `unpackaged` changes always; mapping is kept as given.
    @Test func decodesInDocumentOrder() throws {
        let json = """
            {"version": 1, "created": "2024-01-02T03:04:05Z", "labels": {"a": "1", "b": "2"}, "extra": [1.5],
             "layers": {"zeta": "Zeta packages", "alpha": "Alpha", "unpackaged": "Unpackaged files"},
             "mapping": {"\(checksumB)": "alpha", "\(checksumA)": "unpackaged"}, "ordered": false}
            """
        let meta = try ContentMeta(json: Array(json.utf8))
        #expect(meta.created == "2024-01-02T03:04:05Z")
        #expect(meta.layers.map(\.id) == ["zeta", "alpha", "unpackaged"])
        #expect(meta.mapping.map(\.checksum.hex) == [checksumB, checksumA])
        #expect(meta.mapping.map(\.layerID) == ["alpha", "unpackaged"])
        #expect(meta.maxLayers == 4)
        let components = meta.components
        #expect(components.map(\.identifier) == ["zeta", "alpha", "unpackaged"])
        #expect(components.map(\.srcid) == ["zeta", "alpha", "unpackaged"])
        #expect(components.map(\.name) == ["Zeta packages", "Alpha", "Unpackaged files"])
        #expect(components.map(\.changeFrequency) == [1, 1, UInt32.max])
        #expect(components.allSatisfy { $0.size == 1 && $0.changeTimeOffset == 1 })
        #expect(meta.mergedLabels(over: ["a": "cli", "c": "3"]) == ["a": "1", "b": "2", "c": "3"])
        // With one more layer than components, packing keeps one layer per entry, in order, plus the reserve.
        let bins = try Packing.basicPacking(components, maxBins: meta.maxLayers)
        #expect(bins.map { $0.map(\.identifier) } == [["zeta"], ["alpha"], ["unpackaged"], []])
    }

    @Test func optionalFieldsMayBeAbsentOrNull() throws {
        let json = #"{"version":1,"created":null,"labels":null,"layers":{},"mapping":{},"ordered":null}"#
        let meta = try ContentMeta(json: Array(json.utf8))
        #expect(meta.created == nil)
        #expect(meta.labels.isEmpty)
        #expect(meta.layers.isEmpty)
        #expect(try ContentMeta(json: Array(#"{"version":1,"layers":{},"mapping":{}}"#.utf8)).mapping.isEmpty)
    }

    @Test func duplicateLayerKeepsFirstPositionAndLastName() throws {
        let json = #"{"version":1,"layers":{"x":"first","y":"Y","x":"second"},"mapping":{}}"#
        let meta = try ContentMeta(json: Array(json.utf8))
        #expect(meta.layers.map(\.id) == ["x", "y"])
        #expect(meta.layers.map(\.name) == ["second", "Y"])
    }

    @Test(arguments: [
        (#"{"version":2,"layers":{},"mapping":{}}"#, "Unsupported metadata version: 2. Currently supported: 1"),
        (#"{"version":1,"layers":{},"mapping":{},"ordered":true}"#, "Ordered mapping not currently supported."),
        (#"{"layers":{},"mapping":{}}"#, "missing field 'version'"),
        (#"{"version":1.0,"layers":{},"mapping":{}}"#, "field 'version' must be an unsigned 32-bit integer"),
        (#"{"version":4294967297,"layers":{},"mapping":{}}"#, "field 'version' must be an unsigned 32-bit integer"),
        (#"{"version":1,"mapping":{}}"#, "missing field 'layers'"),
        (#"{"version":1,"layers":{}}"#, "missing field 'mapping'"),
        (#"{"version":1,"layers":[],"mapping":{}}"#, "field 'layers' must be an object, found array"),
        (#"{"version":1,"layers":{"x":1},"mapping":{}}"#, "value of 'x' in 'layers' must be a string, found number"),
        (#"{"version":1,"layers":{},"mapping":{},"created":5}"#, "field 'created' must be a string, found number"),
        (#"{"version":1,"layers":{},"mapping":{},"ordered":"no"}"#, "field 'ordered' must be a boolean, found string"),
        (#"{"version":1,"layers":{"x":"X"},"mapping":{"abc":"x"}}"#, "invalid content checksum 'abc' in mapping"),
        (
            #"{"version":1,"layers":{"x":"X"},"mapping":{"\#(checksumA)":"y"}}"#,
            "mapping of \(checksumA) names unknown layer 'y'"
        ),
        ("[1]", "expected an object, found array"),
        (#"{"version":1,"#, "invalid JSON: expected a string key at byte 13"),
        (#"{"version":1"#, "invalid JSON: expected ',' or '}' in an object at byte 12"),
        ("{\"version\":1} x", "invalid JSON: unexpected content after the document at byte 14"),
    ])
    func rejects(_ json: String, _ message: String) {
        expectInvalid(message, json: json)
    }

    @Test(arguments: [("k=v", "k", "v"), ("k=v=w", "k", "v=w"), ("=v", "", "v"), ("k=", "k", "")])
    func parsesLabels(_ argument: String, _ key: String, _ value: String) throws {
        let label = try ContentMeta.parseLabel(argument)
        #expect(label.key == key)
        #expect(label.value == value)
    }

    @Test func labelWithoutEqualsSign() {
        #expect {
            try ContentMeta.parseLabel("novalue")
        } throws: { error in
            (error as? ToolError)?.message == "Missing '=' in label novalue"
        }
    }
}
