/// The ostree object types that live in a repository.
public enum ObjectType: String, Sendable, CaseIterable {
    case commit, commitmeta, dirtree, dirmeta, file

    /// Whether objects of this type are GVariant metadata checksummed over their serialized bytes.
    public var isMetadata: Bool { self == .commit || self == .dirtree || self == .dirmeta }

    /// The GVariant type string of the serialized object (`nil` for content objects).
    public var variantType: String? {
        switch self {
        case .commit: "(a{sv}aya(say)sstayay)"
        case .commitmeta: "a{sv}"
        case .dirtree: "(a(say)a(sayay))"
        case .dirmeta: "(uuua(ayay))"
        case .file: nil
        }
    }
}
