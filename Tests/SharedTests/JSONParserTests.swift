@testable import Shared
import Testing

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func keepsMemberOrderAndMergesDuplicates() throws {
        let value = try parse(#" { "b" : 1 , "a" : [true, false, null], "b": "x" } "#)
        #expect(value == .object([
            JSONValue.Member(key: "b", value: .string("x")),
            JSONValue.Member(key: "a", value: .array([.bool(true), .bool(false), .null])),
        ]))
    }

    @Test func numbers() throws {
        #expect(try parse("[0, -0, 12, -7, 18446744073709551615, 18446744073709551616, -9223372036854775809, 1.5, 2e3]")
            == .array([
                .unsigned(0), .unsigned(0), .unsigned(12), .negative(-7), .unsigned(UInt64.max),
                .number("18446744073709551616"), .number("-9223372036854775809"), .number("1.5"), .number("2e3"),
            ]))
    }

    @Test func stringEscapes() throws {
        let value = try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\u0000""#)
        #expect(value == .string("a\"b\\c/d\u{8}\u{c}\n\r\té😀\0"))
    }

    @Test(arguments: [
        ("", "unexpected end of document at byte 0"),
        ("[1,]", "unexpected character at byte 3"),
        ("{\"a\" 1}", "expected ':' after an object key at byte 5"),
        ("{1:2}", "expected a string key at byte 1"),
        ("\"a\tb\"", "raw control character in string at byte 2"),
        (#""\ud800x""#, "lone leading surrogate at byte 7"),
        (#""\udc00""#, "lone trailing surrogate at byte 7"),
        (#""\x""#, "invalid escape at byte 3"),
        ("01", "unexpected content after the document at byte 1"),
        ("-", "invalid number at byte 1"),
        ("1.", "invalid number at byte 2"),
        ("tru", "invalid literal, expected 'true' at byte 3"),
        ("[1] [2]", "unexpected content after the document at byte 4"),
    ])
    func rejects(_ text: String, _ message: String) {
        #expect {
            try parse(text)
        } throws: { error in
            (error as? JSONParser.SyntaxError)?.description == message
        }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() throws {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0xff, 0x22]) }
        #expect(throws: JSONParser.SyntaxError.self) { try parse(String(repeating: "[", count: 300)) }
        _ = try parse(String(repeating: "[", count: 200) + String(repeating: "]", count: 200))
    }
}
