/// OCI whiteout names (image-spec "Whiteouts"): a file `.wh.NAME` in a layer deletes `NAME` from the layers below;
/// `.wh..wh..opq` in a directory deletes everything the layers below put in that directory.
///
/// Derived layer commits keep whiteouts as ordinary files; `LayerMerge` applies them and never copies them into
/// the merged tree. Matching is on exact Unicode scalars, as names are bytes.
enum Whiteout {
    static let prefix = ".wh."
    static let opaque = ".wh..wh..opq"

    /// What an entry named `name` means in a layer.
    enum Meaning: Equatable {
        /// An ordinary entry.
        case ordinary
        /// The opaque marker of its directory.
        case opaque
        /// Deletes `target` (empty for the malformed name `.wh.`).
        case remove(target: String)
    }

    static func meaning(of name: String) -> Meaning {
        if name == opaque { return .opaque }
        guard let target = name.strippingPrefix(prefix) else { return .ordinary }
        return .remove(target: target)
    }
}
