/// Escaping of arbitrary strings (image references, digests) into ostree ref names, as ostree-ext's `refescape`
/// (format spec §6.4). The image store names refs `ostree/container/image/<escaped display form>` and
/// `ostree/container/blob/<escaped digest>`.
///
/// Escaping, one Unicode scalar at a time: ASCII letters and digits stay; `/` stays only when the previous scalar
/// was an ASCII letter or digit **and** it is not the last scalar; `-` stays; `_` becomes `__`; anything else
/// becomes `_` + uppercase hex of the scalar value (at least two digits) + `_` (`:` → `_3A_`, `é` → `_E9_`).
/// The result is a valid ostree ref: components of `[A-Za-z0-9_-]`, never an empty one.
public enum RefEscape {
    /// `prefix` + `/` + the escaped `text`.
    /// - Throws: as `escape(_:)`.
    public static func escape(_ text: String, prefix: String) throws -> String {
        "\(prefix)/\(try escape(text))"
    }

    /// The escaped form of `text`.
    /// - Throws: `ToolError(.invalidArgument)`: `Invalid empty string for ref`, or
    ///   `Invalid embedded NUL in string for ostree ref` naming the string.
    public static func escape(_ text: String) throws -> String {
        guard !text.isEmpty else { throw ToolError(.invalidArgument, "Invalid empty string for ref") }
        let scalars = Array(text.unicodeScalars)
        guard !scalars.contains("\0") else {
            throw ToolError(.invalidArgument, "Invalid embedded NUL in string for ostree ref: \(text.debugDescription)")
        }
        var out = ""
        var previousAlphanumeric = false
        for (index, scalar) in scalars.enumerated() {
            let alphanumeric = isASCIIAlphanumeric(scalar)
            if alphanumeric || scalar == "-" || (scalar == "/" && previousAlphanumeric && index < scalars.count - 1) {
                out.unicodeScalars.append(scalar)
            } else if scalar == "_" {
                out += "__"
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "_" + (hex.count < 2 ? "0" + hex : hex) + "_"
            }
            previousAlphanumeric = alphanumeric
        }
        return out
    }

    /// The original string of a ref made by `escape(_:prefix:)`.
    /// - Throws: `ToolError(.invalidArgument, "ref does not match expected prefix <prefix>/: <ref>")` when `ref`
    ///   does not start with `prefix/`; otherwise as `unescape(_:)`.
    public static func unescape(_ ref: String, prefix: String) throws -> String {
        guard let rest = ref.strippingPrefix(prefix + "/") else {
            throw ToolError(.invalidArgument, "ref does not match expected prefix \(prefix)/: \(ref)")
        }
        return try unescape(rest)
    }

    /// Reverses `escape(_:)`: letters, digits, `-` and `/` are copied; `__` is `_`; `_HEX_` is the scalar with
    /// that value (hex in any case, an optional leading `+`, the closing `_` optional at the end of the string).
    /// A lone `_` at the very end is dropped. These lenient corners are ostree-ext's, kept so that both read the
    /// same refs the same way.
    /// - Throws: `ToolError(.invalidArgument)`: `Invalid character <c>` for any other character, or an invalid
    ///   hex escape, each naming the ref.
    public static func unescape(_ escaped: String) throws -> String {
        var out = String.UnicodeScalarView()
        var iterator = escaped.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if isASCIIAlphanumeric(scalar) || scalar == "-" || scalar == "/" {
                out.append(scalar)
            } else if scalar == "_" {
                guard let next = iterator.next() else { break }
                if next == "_" {
                    out.append("_")
                    continue
                }
                var hex = String(next)
                while let digit = iterator.next(), digit != "_" { hex.unicodeScalars.append(digit) }
                out.append(try decodeHexEscape(hex, in: escaped))
            } else {
                throw ToolError(.invalidArgument, "Invalid character \(scalar) in ref \(escaped)")
            }
        }
        return String(out)
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: false
        }
    }

    /// Rust's `u32::from_str_radix(hex, 16)` then `char::try_from`.
    private static func decodeHexEscape(_ hex: String, in ref: String) throws -> Unicode.Scalar {
        let digits = hex.strippingPrefix("+") ?? hex
        guard !digits.isEmpty, digits.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit }),
            let value = UInt32(digits, radix: 16)
        else {
            throw ToolError(.invalidArgument, "Invalid hex escape _\(hex)_ in ref \(ref)")
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw ToolError(.invalidArgument, "Invalid Unicode scalar value \(hex) in ref \(ref)")
        }
        return scalar
    }
}
