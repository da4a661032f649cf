/// What importing a derived layer produced.
public struct DerivedLayerResult: Sendable, Equatable {
    /// The layer commit.
    public let commit: Checksum
    /// Filtered entries counted by name (the top-level name, or for `run`, `tmp`, `proc`, `sys`, `dev` the next
    /// component; `sysroot` for hardlinks into an ostree repository whose object the layer did not carry), as
    /// ostree-ext's `ostree.tar-filtered` records them.
    public let filtered: [String: UInt32]
    /// The first filtered entries' paths as the tar spelled them, at most `DerivedLayerImporter.filteredPathLimit`.
    public let filteredPaths: [String]
}
