/// File type bits (`S_IFMT`) of ostree modes, which tar and libarchive share.
public enum FileMode {
    public static let typeMask: UInt32 = 0o170000
    public static let regular: UInt32 = 0o100000
    public static let directory: UInt32 = 0o040000
    public static let symlink: UInt32 = 0o120000
}
