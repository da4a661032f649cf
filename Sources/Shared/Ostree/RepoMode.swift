/// The storage modes of an ostree repository (`core.mode` in its config).
public enum RepoMode: String, Sendable, CaseIterable {
    case bare
    case archive = "archive-z2"
    case bareUser = "bare-user"
    case bareUserOnly = "bare-user-only"
    case bareSplitXattrs = "bare-split-xattrs"

    /// Parses the spellings `ostree init --mode` accepts (`archive` and `archive-z2` are the same mode).
    public init?(name: String) {
        if name == "archive" {
            self = .archive
        } else {
            self.init(rawValue: name)
        }
    }
}
