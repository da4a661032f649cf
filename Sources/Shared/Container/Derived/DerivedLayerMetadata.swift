/// The commit metadata keys of a derived layer commit written by `DerivedLayerImporter`.
public enum DerivedLayerMetadata {
    /// (`s`) the version of swift-ostree-ext that imported the layer.
    public static let version = "swift-ostree-ext.version"
    /// (`as`) directories of the layer commit that had no tar entry of their own and were created as parents,
    /// as absolute paths (`/` for the root), sorted. `LayerMerge` keeps the lower layers' metadata for these
    /// instead of imposing the default `0/0/0755` on them.
    public static let implicitDirectories = "swift-ostree-ext.implicit-directories"
}
