import Foundation

/// OLPC canonical JSON, byte for byte as ostree-ext writes image configs, manifests and indexes (through the
/// `olpc-cjson` crate; format spec §5.2 item 8, style.md §2.12).
///
/// The rules:
/// - no whitespace anywhere;
/// - strings are written as their Unicode NFC form in UTF-8, escaping only `"` and `\` (as `\"` and `\\`);
///   control characters U+0000–U+001F and `/` are written raw (so the output is not always valid JSON);
/// - object members are sorted by the bytes of their *written* key, quotes included, as `olpc-cjson` sorts its
///   `BTreeMap<Vec<u8>, _>`: this is byte order of the UTF-8 key except that a key sorts before its own
///   extensions by a character below `"` (`"a!"` before `"a"`), and keys holding `"` sort by the escape;
///   keys that are equal after NFC collapse into one member, the last one encoded winning;
/// - integers in plain decimal; floating-point numbers are an error.
public enum CanonicalJSON {
    /// Encodes `value` as canonical JSON.
    /// - Parameter value: any `Encodable`; optionals that are `nil` are omitted by synthesized conformances.
    /// - Returns: the UTF-8 bytes, ready to hash and write as a blob.
    /// - Throws: `ToolError(.invalidArgument)` when the value holds a `Double`, `Float` or `Date`.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        try write(JSONValueEncoder.encode(value), into: &out)
        return out
    }

    /// Writes one value; internal so that values built by hand (or parsed) can be written too.
    static func write(_ value: JSONValue, into out: inout [UInt8]) throws {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .negative(let number): out += Array(String(number).utf8)
        case .unsigned(let number): out += Array(String(number).utf8)
        case .number(let literal):
            guard !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
                throw ToolError(.invalidArgument, "canonical JSON cannot hold the floating-point number \(literal)")
            }
            out += Array(literal.utf8)
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in sortedMembers(members).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out += member.key
                out.append(UInt8(ascii: ":"))
                try write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Members keyed by their written key bytes, sorted, later duplicates replacing earlier ones.
    private static func sortedMembers(_ members: [JSONValue.Member]) -> [(key: [UInt8], value: JSONValue)] {
        var byKey: [[UInt8]: JSONValue] = [:]
        for member in members {
            var key: [UInt8] = []
            writeString(member.key, into: &key)
            byKey[key] = member.value
        }
        return byKey.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.key, $0.value) }
    }

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.precomposedStringWithCanonicalMapping.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
