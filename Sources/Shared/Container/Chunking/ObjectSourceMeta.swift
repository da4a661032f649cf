/// A component (package) that owns content objects, with the total size of those objects: the unit that
/// chunking packs into layers (ostree-ext `ObjectSourceMetaSized`, format spec §8.1).
///
/// Codable as the fixture JSON form `{identifier,name,srcid,change_time_offset,change_frequency,size}`.
public struct ObjectSourceMeta: Codable, Hashable, Sendable {
    /// `changeFrequency` of a component that changes with every build; such components share one layer.
    public static let alwaysChanges = UInt32.max

    /// Unique identifier, e.g. an RPM NEVRA `kernel-6.2-2.fc38.aarch64`; names single-component layers.
    public var identifier: String
    /// Human name without version, e.g. `kernel`; goes into `ostree.components` and matches prior builds.
    public var name: String
    /// Identifier of the source the component was built from.
    public var srcid: String
    /// Unitless, relative offset of the last change time.
    public var changeTimeOffset: UInt32
    /// How often the component changes; `alwaysChanges` for "always".
    public var changeFrequency: UInt32
    /// Total size in bytes of the content objects mapped to the component.
    public var size: UInt64

    private enum CodingKeys: String, CodingKey {
        case identifier, name, srcid, size
        case changeTimeOffset = "change_time_offset"
        case changeFrequency = "change_frequency"
    }

    /// A component.
    public init(
        identifier: String, name: String, srcid: String, changeTimeOffset: UInt32 = 0, changeFrequency: UInt32,
        size: UInt64
    ) {
        self.identifier = identifier
        self.name = name
        self.srcid = srcid
        self.changeTimeOffset = changeTimeOffset
        self.changeFrequency = changeFrequency
        self.size = size
    }
}
