/// A strict RFC 8259 JSON reader that keeps object members in document order.
///
/// `JSONDecoder` and `JSONSerialization` lose member order, which `--contentmeta` needs (its `layers` object is
/// an ordered map in ostree-ext). Duplicate keys keep the position of their first occurrence and the value of the
/// last, as an `IndexMap` does. Raw control characters inside strings, lone surrogates, invalid UTF-8, trailing
/// content and nesting deeper than 256 levels are errors.
struct JSONParser {
    /// Why a document was rejected, and where.
    struct SyntaxError: Error, CustomStringConvertible, Sendable {
        let offset: Int
        let reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private static let maximumDepth = 256

    /// Parses one complete document.
    /// - Throws: `SyntaxError` with the byte offset of the problem.
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected content after the document") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ reason: String) -> SyntaxError { SyntaxError(offset: position, reason: reason) }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d { position += 1 }
    }

    private mutating func expect(_ literal: String) throws(SyntaxError) {
        for byte in literal.utf8 {
            guard current == byte else { throw error("invalid literal, expected '\(literal)'") }
            position += 1
        }
    }

    private mutating func parseValue() throws(SyntaxError) -> JSONValue {
        skipWhitespace()
        guard let byte = current else { throw error("unexpected end of document") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            let isObject = byte == UInt8(ascii: "{")
            depth += 1
            defer { depth -= 1 }
            position += 1
            return isObject ? try parseObject() : try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character")
        }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONValue {
        var members: [JSONValue.Member] = []
        var indexByKey: [[UInt8]: Int] = [:]
        guard !closesEmpty(UInt8(ascii: "}")) else { return .object(members) }
        repeat {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            position += 1
            let value = try parseValue()
            let keyBytes = Array(key.utf8)
            if let index = indexByKey[keyBytes] {
                members[index].value = value
            } else {
                indexByKey[keyBytes] = members.count
                members.append(JSONValue.Member(key: key, value: value))
            }
        } while try continues(closing: UInt8(ascii: "}"), in: "an object")
        return .object(members)
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONValue {
        var elements: [JSONValue] = []
        guard !closesEmpty(UInt8(ascii: "]")) else { return .array(elements) }
        repeat {
            elements.append(try parseValue())
        } while try continues(closing: UInt8(ascii: "]"), in: "an array")
        return .array(elements)
    }

    /// Right after an opening bracket: consumes `closing` and returns `true` if the container is empty.
    private mutating func closesEmpty(_ closing: UInt8) -> Bool {
        skipWhitespace()
        guard current == closing else { return false }
        position += 1
        return true
    }

    /// After an element: `true` (consuming the `,`) when another follows, `false` (consuming `closing`) at the end.
    private mutating func continues(closing: UInt8, in container: String) throws(SyntaxError) -> Bool {
        skipWhitespace()
        guard let byte = current, byte == UInt8(ascii: ",") || byte == closing else {
            throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))' in \(container)")
        }
        position += 1
        return byte == UInt8(ascii: ",")
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        position += 1  // the opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                try parseEscape(into: &utf8)
            case 0x00..<0x20: throw error("raw control character in string")
            default:
                utf8.append(byte)
                position += 1
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(SyntaxError) {
        guard let byte = current else { throw error("unterminated escape") }
        position += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5c, UInt8(ascii: "/"): 0x2f, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0c, UInt8(ascii: "n"): 0x0a, UInt8(ascii: "r"): 0x0d, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[byte] {
            utf8.append(replacement)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw error("invalid escape") }
        var code = try parseHex4()
        if (0xD800..<0xDC00).contains(code) {
            guard current == UInt8(ascii: "\\") else { throw error("lone leading surrogate") }
            position += 1
            guard current == UInt8(ascii: "u") else { throw error("lone leading surrogate") }
            position += 1
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid trailing surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("lone trailing surrogate") }
        utf8 += Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        let end = position + 4
        guard end <= bytes.count, bytes[position..<end].allSatisfy({ Unicode.Scalar($0).properties.isASCIIHexDigit }),
            let value = UInt32(String(decoding: bytes[position..<end], as: UTF8.self), radix: 16)
        else { throw error("invalid \\u escape") }
        position = end
        return value
    }

    private mutating func parseNumber() throws(SyntaxError) -> JSONValue {
        let start = position
        var isInteger = true
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw error("invalid number") }
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard skipDigits() > 0 else { throw error("invalid number") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw error("invalid number") }
        }
        let literal = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger {
            if let value = UInt64(literal) { return .unsigned(value) }
            if let value = Int64(literal) { return .integer(value) }
        }
        return .number(literal)
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }
}
