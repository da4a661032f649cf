/// The version of swift-ostree-ext, recorded in the commits it writes (derived layer commits).
public enum ToolVersion {
    /// The release version string.
    public static let current = "0.1.0"
}
