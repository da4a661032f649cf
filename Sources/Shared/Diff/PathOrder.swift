/// The order of paths in a diff: plain byte order of their UTF-8 form, as `strcmp` and ostree-ext's
/// `BTreeSet<String>` sort them.
///
/// Swift's own `String <` compares Unicode-normalized scalars, which differs from byte order for text that is not
/// in NFC; ostree names are bytes, so diffs sort on bytes. A directory sorts under its own name, without the
/// trailing `/` that text output adds, so `/etc` < `/etc-x` < `/etc/motd`.
public enum PathOrder {
    /// Whether `lhs` sorts before `rhs` in byte order.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Whether two paths are the same bytes (Swift's `==` would also equate canonically equivalent spellings).
    public static func same(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }

    /// `paths` sorted in byte order.
    public static func sorted(_ paths: [String]) -> [String] {
        paths.sorted(by: precedes)
    }
}
