/// The tree of a derived layer commit while `DerivedLayerImporter` builds it from tar entries, in tar order.
///
/// Later entries win, as tar extraction does: a file replaces a directory of the same path and the other way
/// round; a directory entry sets the metadata of a directory created earlier as a parent. Parents without an entry
/// of their own get `defaultMeta` (`0/0/0755`) and are remembered as implicit.
final class LayerTree {
    let root = MutableTree()
    private let defaultMeta: Checksum
    /// Directories created only as parents, as `/`-joined UTF-8 paths (`""` is the root).
    private var implicit: Set<[UInt8]> = [[]]

    init(defaultMeta: Checksum) {
        self.defaultMeta = defaultMeta
        root.metadataChecksum = defaultMeta
    }

    /// The implicit directories as absolute paths (`/` for the root), sorted in byte order.
    var implicitDirectories: [String] {
        PathOrder.sorted(implicit.map { "/" + String(decoding: $0, as: UTF8.self) })
    }

    /// Makes `path` a directory with metadata `meta`, replacing a file there.
    func setDirectory(_ path: [String], meta: Checksum, entry: String) throws {
        let directory = try ensureDirectory(path, entry: entry, replacingFile: true)
        directory.metadataChecksum = meta
        implicit.remove(Self.key(path))
    }

    /// Makes `path` the file `checksum`, replacing a directory there.
    func setFile(_ path: [String], _ checksum: Checksum, entry: String) throws {
        guard let name = path.last else {
            throw ToolError(.corrupt, "non-directory entry \(entry) in layer names the root directory")
        }
        let parent = try ensureDirectory(path.dropLast(), entry: entry, replacingFile: false)
        try treeCall("cannot add \(entry) from the layer") {
            if case .directory = try parent.child(name) {
                try parent.remove(name)
                forgetImplicit(under: path)
            }
            try parent.replaceFile(name, checksum)
        }
    }

    /// The file at `path`, or `nil` when there is none (or it is a directory).
    func file(at path: [String]) throws -> Checksum? {
        guard let name = path.last else { return nil }
        return try treeCall("cannot look up \(path.joined(separator: "/")) in the layer") {
            var directory = root
            for component in path.dropLast() {
                guard case .directory(let next) = try directory.child(component) else { return nil }
                directory = next
            }
            guard case .file(let checksum) = try directory.child(name) else { return nil }
            return checksum
        }
    }

    /// The directory at `path`, creating missing parents as implicit directories.
    private func ensureDirectory(_ path: some Collection<String>, entry: String, replacingFile: Bool) throws
        -> MutableTree
    {
        var directory = root
        var walked: [String] = []
        let failure = "cannot add \(entry) from the layer"
        for component in path {
            walked.append(component)
            switch try treeCall(failure, { try directory.child(component) }) {
            case .directory(let next):
                directory = next
                continue
            case .file where walked.count == path.count && replacingFile:
                try treeCall(failure) { try directory.remove(component) }
            case .file:
                let parent = walked.joined(separator: "/")
                throw ToolError(.corrupt, "\(entry) in layer needs directory \(parent), which is a file in the layer")
            case nil:
                break
            }
            directory = try treeCall(failure) { try directory.directory(component) }
            directory.metadataChecksum = defaultMeta
            implicit.insert(Self.key(walked))
        }
        return directory
    }

    /// Drops the implicit marks of a removed directory and everything below it.
    private func forgetImplicit(under path: [String]) {
        let prefix = Self.key(path)
        implicit = implicit.filter { !($0 == prefix || $0.starts(with: prefix + [UInt8(ascii: "/")])) }
    }

    /// A path as `/`-joined UTF-8 bytes: a dictionary key that, unlike `String`, never equates canonically
    /// equivalent spellings of different names.
    static func key(_ path: [String]) -> [UInt8] { Array(path.joined(separator: "/").utf8) }
}
