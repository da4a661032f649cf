/// The repository skeleton every ostree-ext v1 stream carries (format spec §2.5 step 2): the directories of a
/// `bare-split-xattrs` repository under `sysroot/ostree/repo/` and its `config` file.
enum RepoSkeleton {
    /// Directory paths in stream order (270 entries with the root `./` written before them).
    static let directories: [String] = {
        var paths = ["sysroot", "sysroot/ostree", TarObjectPath.repoRoot, "\(TarObjectPath.repoRoot)/objects"]
        paths += (0..<256).map { "\(TarObjectPath.repoRoot)/objects/\(Hex.encode([UInt8($0)]))" }
        paths += ["extensions", "refs", "refs/heads", "refs/mirrors", "refs/remotes", "state", "tmp", "tmp/cache"]
            .map { "\(TarObjectPath.repoRoot)/\($0)" }
        return paths
    }()

    static let configPath = "\(TarObjectPath.repoRoot)/config"
    static let config = Array("[core]\nrepo_version=1\nmode=bare-split-xattrs\n".utf8)

    /// Writes the skeleton directories (0/0, 0755) and the config file (0/0, 0644).
    static func write(to writer: TarWriter) throws {
        for path in directories {
            try writer.writeDirectory(path, uid: 0, gid: 0, mode: 0o755)
        }
        try writer.writeFile(configPath, data: config)
    }
}
