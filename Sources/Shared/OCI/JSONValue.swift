/// A JSON value as this package builds and reads it: what `CanonicalJSON` writes, and what `JSONParser` returns.
///
/// Objects keep their members in order (the parser keeps the document order, which `--contentmeta` needs; the
/// canonical writer sorts them). Integers are exact; any other number keeps its literal text.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A negative integer.
    case negative(Int64)
    /// A non-negative integer.
    case unsigned(UInt64)
    /// A number with a fraction or exponent, or an integer outside 64 bits, as written in the document.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One `"key": value` pair of an object.
    struct Member: Sendable, Equatable {
        var key: String
        var value: JSONValue
    }

    /// The value for a signed integer, normalised so that equal numbers compare equal.
    static func integer(_ value: Int64) -> JSONValue {
        value < 0 ? .negative(value) : .unsigned(UInt64(value))
    }

    /// A short name of the value's JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .negative, .unsigned, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
