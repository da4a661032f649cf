/// The `--contentmeta` file of `container-encapsulate` (format spec §5.2, "CLI-only content metadata"): which
/// layer each content object goes into, with the layers in order.
///
/// ```json
/// {"version":1, "created":"2024-01-02T03:04:05Z", "labels":{"k":"v"},
///  "layers":{"<id>":"<human name>", …}, "mapping":{"<content checksum>":"<id>", …}, "ordered":false}
/// ```
/// `created`, `labels` and `ordered` may be absent or `null`; unknown keys are ignored; `layers` and `mapping`
/// keep their document order (duplicate keys keep the first position and the last value).
///
/// Stricter than ostree-ext, which panics later instead: mapping keys must be content checksums (64 lowercase
/// hex) and mapping values must name a layer of `layers`. It stays for the chunker to check that the mapping
/// covers every content object of the commit, and to decide about layers that own no object.
public struct ContentMeta: Sendable {
    /// Layer id that marks content changing with every build (`change_frequency` `UInt32.max`).
    public static let unpackagedLayer = "unpackaged"

    /// One entry of `layers`.
    public struct Layer: Hashable, Sendable {
        /// The machine-readable id, which `mapping` refers to.
        public var id: String
        /// The human-readable name (the layer's component name).
        public var name: String
    }

    /// One entry of `mapping`.
    public struct Mapping: Hashable, Sendable {
        /// A content object of the commit.
        public var checksum: Checksum
        /// The id of the layer it goes into.
        public var layerID: String
    }

    /// Image creation time (`YYYY-MM-DDTHH:MM:SSZ`) overriding the commit's timestamp.
    public var created: String?
    /// Labels for the config and manifest; they win over `--label` values (see `mergedLabels(over:)`).
    public var labels: [String: String]
    /// The layers, in image order.
    public var layers: [Layer]
    /// Object to layer assignments, in document order.
    public var mapping: [Mapping]

    /// Parses the file's bytes.
    /// - Throws: `ToolError(.invalidArgument)`: invalid JSON (with the byte offset), a missing or mistyped field,
    ///   `Unsupported metadata version: N. Currently supported: 1`,
    ///   `Ordered mapping not currently supported.`, an invalid checksum or an unknown layer id in `mapping`.
    public init(json bytes: [UInt8]) throws {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw Self.error("invalid JSON: \(error)")
        }
        guard case .object(let members) = document else {
            throw Self.error("expected an object, found \(document.typeName)")
        }
        let fields = Fields(members: members)
        let version = try fields.required("version")
        guard case .unsigned(let number) = version, number <= UInt32.max else {
            throw Self.error("field 'version' must be an unsigned 32-bit integer")
        }
        guard number == 1 else {
            throw Self.error("Unsupported metadata version: \(number). Currently supported: 1")
        }
        guard try fields.bool("ordered") != true else {
            throw Self.error("Ordered mapping not currently supported.")
        }
        created = try fields.string("created")
        let labelPairs = try fields.value("labels").map { try Self.stringMap($0, "labels") } ?? []
        labels = Dictionary(labelPairs, uniquingKeysWith: { $1 })
        layers = try Self.stringMap(fields.required("layers"), "layers").map { Layer(id: $0.key, name: $0.value) }
        let layerIDs = Set(layers.map(\.id))
        mapping = try Self.stringMap(fields.required("mapping"), "mapping").map { entry in
            guard let checksum = Checksum(hex: entry.key) else {
                throw Self.error("invalid content checksum '\(entry.key)' in mapping")
            }
            guard layerIDs.contains(entry.value) else {
                throw Self.error("mapping of \(entry.key) names unknown layer '\(entry.value)'")
            }
            return Mapping(checksum: checksum, layerID: entry.value)
        }
    }

    /// One component per layer, in layer order, as ostree-ext builds them: identifier and srcid are the layer
    /// id, name the human name, size 1, change time offset 1, change frequency `UInt32.max` for the id
    /// `unpackaged` and 1 otherwise. With all sizes equal, packing keeps this order.
    public var components: [ObjectSourceMeta] {
        layers.map { layer in
            ObjectSourceMeta(
                identifier: layer.id, name: layer.name, srcid: layer.id, changeTimeOffset: 1,
                changeFrequency: layer.id == Self.unpackagedLayer ? ObjectSourceMeta.alwaysChanges : 1, size: 1)
        }
    }

    /// The layer budget ostree-ext uses with content metadata: one layer per entry of `layers`, plus one.
    public var maxLayers: Int { layers.count + 1 }

    /// `commandLine` labels (from `--label`) overridden by this file's labels, as ostree-ext merges them.
    public func mergedLabels(over commandLine: [String: String]) -> [String: String] {
        commandLine.merging(labels) { $1 }
    }

    /// Splits a `--label` argument at its first `=` (the key may be empty, the value may hold `=`).
    /// - Throws: `ToolError(.invalidArgument, "Missing '=' in label <arg>")`.
    public static func parseLabel(_ argument: String) throws -> (key: String, value: String) {
        guard let (key, value) = argument.splitOnce(at: "=") else {
            throw ToolError(.invalidArgument, "Missing '=' in label \(argument)")
        }
        return (key, value)
    }

    private static func error(_ message: String) -> ToolError {
        ToolError(.invalidArgument, "invalid content metadata: \(message)")
    }

    /// The members of an object whose values must all be strings, in order.
    private static func stringMap(_ value: JSONValue, _ field: String) throws -> [(key: String, value: String)] {
        guard case .object(let members) = value else {
            throw error("field '\(field)' must be an object, found \(value.typeName)")
        }
        return try members.map { member in
            guard case .string(let text) = member.value else {
                throw error("value of '\(member.key)' in '\(field)' must be a string, found \(member.value.typeName)")
            }
            return (member.key, text)
        }
    }

    /// Typed lookup of the top-level fields; `null` counts as absent, as for serde's `Option`.
    private struct Fields {
        let members: [JSONValue.Member]

        func value(_ name: String) -> JSONValue? {
            guard let value = members.first(where: { $0.key == name })?.value, value != .null else { return nil }
            return value
        }

        func required(_ name: String) throws -> JSONValue {
            guard let value = value(name) else { throw ContentMeta.error("missing field '\(name)'") }
            return value
        }

        func string(_ name: String) throws -> String? {
            switch value(name) {
            case nil: return nil
            case .string(let text): return text
            case let other?: throw ContentMeta.error("field '\(name)' must be a string, found \(other.typeName)")
            }
        }

        func bool(_ name: String) throws -> Bool? {
            switch value(name) {
            case nil: return nil
            case .bool(let flag): return flag
            case let other?: throw ContentMeta.error("field '\(name)' must be a boolean, found \(other.typeName)")
            }
        }
    }
}
