import Foundation
import Testing

/// The output of `ostree ls -R -X -C REV`, parsed: the real ostree's view of a commit's tree.
struct OstreeListing {
    struct Entry {
        /// `d00755`, `-00644`, `l00777` …
        let mode: String
        let uid: String
        let gid: String
        /// The content checksum for files, the dirtree checksum for directories.
        let checksum: String
        /// The xattrs as ostree prints them, e.g. `[(b'user.foo', [byte 0x62, 0x61, 0x72])]`.
        let xattrs: String
        let target: String?
    }

    /// Entries by absolute path (`/` is the root).
    let entries: [String: Entry]

    init(repo: String, rev: String) throws {
        let output = try Run.ostree("ls", "-R", "-X", "-C", "--repo=\(repo)", rev)
        var entries: [String: Entry] = [:]
        for line in output.split(separator: "\n").map(String.init) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 6, let open = line.range(of: " { "),
                let close = line.range(of: " } ", options: .backwards)
            else {
                throw RunFailure(message: "unexpected ostree ls line: \(line)")
            }
            let xattrs = String(line[open.upperBound..<close.lowerBound])
            let rest = String(line[close.upperBound...])
            let pathAndTarget = rest.components(separatedBy: " -> ")
            entries[pathAndTarget[0]] = Entry(
                mode: fields[0], uid: fields[1], gid: fields[2], checksum: fields[4], xattrs: xattrs,
                target: pathAndTarget.count > 1 ? pathAndTarget[1] : nil)
        }
        self.entries = entries
    }

    /// All paths, sorted.
    var paths: [String] { entries.keys.sorted() }

    subscript(path: String) -> Entry? { entries[path] }
}
