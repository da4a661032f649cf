/// The `--json` shape: one object with snake_case keys, every list present (empty when nothing changed) and
/// `subdir` written as `null` when none was given.
extension TreeDiff: Codable {
    private enum CodingKeys: String, CodingKey {
        case subdir
        case addedFiles = "added_files"
        case addedDirs = "added_dirs"
        case removedFiles = "removed_files"
        case removedDirs = "removed_dirs"
        case changedFiles = "changed_files"
        case changedDirs = "changed_dirs"
    }

    /// Writes every key, `subdir` as `null` when it is `nil`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subdir, forKey: .subdir)
        try container.encode(addedFiles, forKey: .addedFiles)
        try container.encode(addedDirs, forKey: .addedDirs)
        try container.encode(removedFiles, forKey: .removedFiles)
        try container.encode(removedDirs, forKey: .removedDirs)
        try container.encode(changedFiles, forKey: .changedFiles)
        try container.encode(changedDirs, forKey: .changedDirs)
    }

    /// Reads the `--json` form back; lists are sorted again, `subdir` may be missing or `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func list(_ key: CodingKeys) throws -> [String] { try container.decode([String].self, forKey: key) }
        self.init(
            subdir: try container.decodeIfPresent(String.self, forKey: .subdir),
            addedFiles: try list(.addedFiles), addedDirs: try list(.addedDirs),
            removedFiles: try list(.removedFiles), removedDirs: try list(.removedDirs),
            changedFiles: try list(.changedFiles), changedDirs: try list(.changedDirs))
    }
}
