/// How `DerivedLayerImporter` treats a layer.
public struct DerivedLayerOptions: Sendable {
    /// Keep top-level directories other than `usr`, `etc`, `var` and the runtime ones (`boot`, `opt` …) instead
    /// of filtering them; ostree-ext enables this when the base image has a transient root or composefs.
    public var allowNonUsr: Bool

    /// Options with every choice at its default: non-usr content filtered.
    public init(allowNonUsr: Bool = false) {
        self.allowNonUsr = allowNonUsr
    }
}
