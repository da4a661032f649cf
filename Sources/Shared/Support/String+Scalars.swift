/// Splitting and prefix tests on Unicode scalars, as Rust's `str::split_once` and `str::strip_prefix` behave.
///
/// `String`'s own `firstIndex(of:)` and `hasPrefix` work on grapheme clusters, so a `:` followed by a combining
/// mark would not match; the spec's parsing rules (image references, labels, ref escaping) are scalar-exact.
extension String {
    /// Splits at the first occurrence of `separator`: the text before it and the text after it, or `nil` if the
    /// separator does not occur.
    func splitOnce(at separator: Unicode.Scalar) -> (head: String, tail: String)? {
        let scalars = unicodeScalars
        guard let index = scalars.firstIndex(of: separator) else { return nil }
        return (String(scalars[..<index]), String(scalars[scalars.index(after: index)...]))
    }

    /// The text after `prefix` when the string starts with exactly those scalars; otherwise `nil`.
    func strippingPrefix(_ prefix: String) -> String? {
        let scalars = unicodeScalars
        guard scalars.starts(with: prefix.unicodeScalars) else { return nil }
        return String(scalars.dropFirst(prefix.unicodeScalars.count))
    }
}
