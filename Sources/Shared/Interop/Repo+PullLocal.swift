internal import COSTree
import Foundation

extension Repo {
    /// Copies `revs` (ref names or full commit checksums) and every object their commits reach from the repository
    /// at `source` into this one, as `ostree pull-local` does.
    ///
    /// Calls `ostree_repo_pull_with_options` with the `file://` URL of `source` and the options `refs`,
    /// `flags` = `OSTREE_REPO_PULL_FLAGS_MIRROR` (each pulled ref is written under its own name, not as a remote
    /// ref; a checksum writes no ref) and `disable-verify-bindings` (a layer ref never matches the ref binding a
    /// commit was made with). Objects are imported as libostree does for local repositories: trusted, hardlinked
    /// where the modes allow. libostree runs its own transaction, so this must not be called inside one.
    /// - Throws: `ToolError(.ostree)` naming the source when a ref is missing there or an object cannot be copied.
    public func pullLocal(from source: String, revs: [String]) throws {
        let url = URL(fileURLWithPath: source).standardizedFileURL.absoluteString
        let options = GVariantRef.metadataDictionary([
            "refs": .strings(revs),
            "flags": .int32(Int32(OSTREE_REPO_PULL_FLAGS_MIRROR.rawValue)),
            "disable-verify-bindings": .bool(true),
        ])
        do {
            try gcall { ostree_repo_pull_with_options(raw, url, options.raw, nil, nil, $0) }
        } catch {
            throw ToolError(.ostree, "cannot copy \(revs.count) refs from \(source) into \(path)", underlying: error)
        }
    }
}
