import Shared
import Testing

@Suite struct RefEscapeTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let input: String
        let escaped: String
        var testDescription: String { input }
    }

    /// Format spec §6.4 vectors (unit tests, doc tests and ported values).
    @Test(arguments: [
        Vector(input: "localhost:5000/foo:latest", escaped: "localhost_3A_5000/foo_3A_latest"),
        Vector(input: "foo", escaped: "foo"),
        Vector(input: "foo/bar/baz-blah/foo", escaped: "foo/bar/baz-blah/foo"),
        Vector(input: "fedora/x86_64/coreos", escaped: "fedora/x86__64/coreos"),
        Vector(input: "/foo/bar/foo.oci-archive", escaped: "_2F_foo/bar/foo_2E_oci-archive"),
        Vector(
            input: "docker://quay.io/exampleos/blah:latest",
            escaped: "docker_3A__2F__2F_quay_2E_io/exampleos/blah_3A_latest"),
        Vector(input: "oci-archive:/path/to/foo.ociarchive", escaped: "oci-archive_3A__2F_path/to/foo_2E_ociarchive"),
        Vector(input: "/", escaped: "_2F_"),
        Vector(input: "blah/", escaped: "blah_2F_"),
        Vector(input: "/foo/", escaped: "_2F_foo_2F_"),
        Vector(input: "é", escaped: "_E9_"),
        Vector(input: "😀", escaped: "_1F600_"),
        Vector(input: "a\tb", escaped: "a_09_b"),
        Vector(input: "a-/b", escaped: "a-_2F_b"),
        Vector(input: "a//b", escaped: "a/_2F_b"),
        Vector(
            input: "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
            escaped: "sha256_3A_2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
    ])
    func escapesAndRoundTrips(_ vector: Vector) throws {
        #expect(try RefEscape.escape(vector.input) == vector.escaped)
        #expect(try RefEscape.unescape(vector.escaped) == vector.input)
        let prefixed = try RefEscape.escape(vector.input, prefix: "testprefix/blah")
        #expect(prefixed == "testprefix/blah/" + vector.escaped)
        #expect(try RefEscape.unescape(prefixed, prefix: "testprefix/blah") == vector.input)
    }

    /// The doc-test vector and the store's ref names (format spec §5.3.1).
    @Test func prefixedVectors() throws {
        #expect(
            try RefEscape.escape("registry:quay.io/coreos/fedora:latest", prefix: "container")
                == "container/registry_3A_quay_2E_io/coreos/fedora_3A_latest")
        let image = try ImageReference(parsing: "docker://quay.io/exampleos/blah:latest")
        #expect(
            try RefEscape.escape(image.description, prefix: "ostree/container/image")
                == "ostree/container/image/docker_3A__2F__2F_quay_2E_io/exampleos/blah_3A_latest")
        let digest = "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
        #expect(
            try RefEscape.escape(digest, prefix: "ostree/container/blob")
                == "ostree/container/blob/sha256_3A_2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
    }

    @Test(arguments: [
        ("", "Invalid empty string for ref"),
        ("a\0b", "Invalid embedded NUL in string for ostree ref: \"a\\0b\""),
    ])
    func escapeRejects(_ input: String, _ message: String) {
        #expect {
            try RefEscape.escape(input)
        } throws: { error in
            (error as? ToolError)?.message == message
        }
    }

    @Test(arguments: [
        ("a:b", "Invalid character : in ref a:b"),
        ("a.b", "Invalid character . in ref a.b"),
        ("_ZZ_", "Invalid hex escape _ZZ_ in ref _ZZ_"),
        ("_-41_", "Invalid hex escape _-41_ in ref _-41_"),
        ("_D800_", "Invalid Unicode scalar value D800 in ref _D800_"),
        ("_110000_", "Invalid Unicode scalar value 110000 in ref _110000_"),
        ("_100000000_", "Invalid hex escape _100000000_ in ref _100000000_"),
    ])
    func unescapeRejects(_ input: String, _ message: String) {
        #expect {
            try RefEscape.unescape(input)
        } throws: { error in
            (error as? ToolError)?.message == message
        }
    }

    /// ostree-ext's lenient corners, kept: a trailing lone `_` is dropped, the closing `_` may be missing at the end,
    /// hex may be lowercase and carry a `+`.
    @Test(arguments: [("abc_", "abc"), ("x_41", "xA"), ("_+41_", "A"), ("_e9_", "é"), ("a__b", "a_b")])
    func unescapeLenientCorners(_ input: String, _ expected: String) throws {
        #expect(try RefEscape.unescape(input) == expected)
    }

    @Test func unprefixRequiresPrefixAndSlash() {
        for ref in ["other/foo", "ostree/container/imagefoo", "ostree/container/image"] {
            #expect {
                try RefEscape.unescape(ref, prefix: "ostree/container/image")
            } throws: { error in
                (error as? ToolError)?.message == "ref does not match expected prefix ostree/container/image/: \(ref)"
            }
        }
    }

    /// quickcheck's round trip, over a deterministic pseudo-random set: escaping then unescaping gives back the
    /// same scalars, and the escaped text is a valid ostree ref.
    @Test func roundTripProperty() throws {
        let alphabet: [Unicode.Scalar] = Array("aZ09/_:-. @~%\t".unicodeScalars) + [
            "\u{e9}", "\u{301}", "\u{1F600}", "\u{4E2D}", "\u{FF5E}", "\u{7F}", "\u{FFFF}", "\u{10FFFF}",
        ]
        var random = SplitMix64(seed: 0x5EED)
        for _ in 0..<2000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<(1 + Int(random.next() % 24)) {
                scalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))])
            }
            let input = String(scalars)
            let ref = try RefEscape.escape(input, prefix: "testprefix/blah")
            let escaped = String(ref.dropFirst("testprefix/blah/".count))
            #expect(isValidRef(escaped), "escaped \(input.debugDescription) to \(escaped)")
            let output = try RefEscape.unescape(ref, prefix: "testprefix/blah")
            #expect(
                output.unicodeScalars.elementsEqual(input.unicodeScalars),
                "round trip of \(input.debugDescription)")
        }
    }

    /// Components of `[A-Za-z0-9_-]`, none empty.
    private func isValidRef(_ ref: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".unicodeScalars)
        return ref.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && component.unicodeScalars.allSatisfy(allowed.contains)
        }
    }
}

/// A small deterministic generator (SplitMix64), so the property test sees the same strings on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
