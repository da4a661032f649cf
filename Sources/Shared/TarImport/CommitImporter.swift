/// Imports an ostree-ext tar stream (format v1, or legacy v0 xattrs layout) into a repository (format spec §3).
///
/// Every object is written through libostree's checksum-verifying calls inside one transaction. Unlike
/// ostree-ext's importer, the commit object is written last, only after the signature (if asked for) verified
/// and every object the commit references was found in the stream or the repository; the ref moves only when
/// the transaction commits. Any error aborts the transaction, so no ref changes and no commit becomes visible.
public final class CommitImporter {
    /// What an import wrote.
    public struct Result: Sendable {
        public let commit: Checksum
        public let ref: String?
        /// Objects written or already present (metadata and content) that the stream carried.
        public let objects: Int
        /// Bytes of file content the stream carried.
        public let bytes: UInt64
    }

    /// Metadata objects larger than this are rejected (ostree-ext's limit).
    static let maxMetadataSize = 10 * 1024 * 1024
    /// Xattrs blobs larger than this are rejected (ostree-ext's limit).
    static let maxXattrsSize = 1024 * 1024
    /// Regular files up to this size are written from memory, larger ones streamed.
    static let inlineFileLimit = 130_048

    private let repo: Repo
    private let reader: TarReader
    private let progress: Progress
    private var xattrsCache: [Checksum: [UInt8]] = [:]
    /// The content object the last xattrs link names, with its xattrs blob checksum.
    private var pendingXattrs: (file: Checksum, xattrs: Checksum, path: String)?
    private var objects = 0
    private var bytes: UInt64 = 0
    /// Writes small files and symlinks while the next entries are read; `finish()`-ed before the transaction ends.
    private let writer = BackgroundObjectWriter()

    private init(repo: Repo, reader: TarReader, progress: Progress) {
        self.repo = repo
        self.reader = reader
        self.progress = progress
    }

    /// Imports the stream `reader` yields into `repo`.
    /// - Parameters:
    ///   - ref: a ref to point at the commit once it is complete.
    ///   - policy: when given, the commit must carry a valid signature for that remote.
    /// - Throws: `ToolError` naming the entry, object or signature at fault.
    public static func importStream(
        _ reader: TarReader, into repo: Repo, ref: String? = nil, policy: CommitSignaturePolicy? = nil,
        progress: Progress = .disabled
    ) throws -> Result {
        let importer = CommitImporter(repo: repo, reader: reader, progress: progress)
        let result = try importer.run(ref: ref, policy: policy)
        progress.finish()
        return result
    }

    /// Imports every object of the stream `reader` yields into `transaction` except the commit object, after
    /// verifying the signature when `policy` asks: a pull writes the commit (`StagedCommit.write`) only once the
    /// layers it imports alongside are stored too.
    /// - Throws: `ToolError` naming the entry, object or signature at fault.
    public static func stageStream(
        _ reader: TarReader, in transaction: Transaction, policy: CommitSignaturePolicy? = nil
    ) throws -> StagedCommit {
        try CommitImporter(repo: transaction.repo, reader: reader, progress: .disabled)
            .stage(policy: policy, in: transaction)
    }

    /// Imports an object-set stream (a component layer of a chunked image, format spec §3.4): content objects
    /// only, each at most once, in one transaction.
    /// - Returns: the content objects the stream carried, in stream order.
    /// - Throws: `ToolError` for a commit or metadata object, a duplicate, or any corrupt entry.
    public static func importObjectSet(_ reader: TarReader, into repo: Repo) throws -> [Checksum] {
        try repo.withTransaction { try importObjectSet(reader, in: $0) }
    }

    /// Imports an object-set stream inside the caller's transaction (a pull batches several layers in one).
    public static func importObjectSet(_ reader: TarReader, in transaction: Transaction) throws -> [Checksum] {
        let importer = CommitImporter(repo: transaction.repo, reader: reader, progress: .disabled)
        defer { importer.writer.stop() }
        importer.objectSet = []
        while let (entry, parsed) = try importer.nextObjectEntry() {
            try importer.importObject(entry, parsed, transaction)
        }
        try importer.requireNoPendingLink()
        try importer.writer.finish()
        return importer.objectSet ?? []
    }

    /// In object-set mode, the content objects seen so far (a repeat is an error).
    private var objectSet: [Checksum]?
    private var objectSetMembers: Set<Checksum> = []

    private func requireNoPendingLink() throws {
        if let pendingXattrs {
            throw ToolError(.corrupt, "xattrs link \(pendingXattrs.path) is not followed by its file object")
        }
    }

    /// Imports the stream staged, then writes the commit, in one transaction.
    private func run(ref: String?, policy: CommitSignaturePolicy?) throws -> Result {
        let staged = try repo.withTransaction { transaction in
            let staged = try stage(policy: policy, in: transaction)
            try staged.write(in: transaction, ref: ref)
            return staged
        }
        try staged.markComplete(in: repo)
        return Result(commit: staged.checksum, ref: ref, objects: staged.objects, bytes: staged.bytes)
    }

    /// Reads the commit (and its detached metadata), verifies its signature when `policy` asks, then imports every
    /// other object of the stream into `transaction`; the commit object itself is left to `StagedCommit.write`.
    private func stage(policy: CommitSignaturePolicy?, in transaction: Transaction) throws -> StagedCommit {
        defer { writer.stop() }
        guard let (commitEntry, commitName) = try nextObjectEntry() else {
            throw ToolError(.corrupt, "commit object not found: the stream holds no ostree objects")
        }
        guard case .object(let commitChecksum, .commit) = commitName else {
            throw ToolError(.corrupt, "expected commit object first, not \(commitEntry.path)")
        }
        let commitBytes = try readMetadata(commitEntry, commitChecksum, .commit)
        let commit = try CommitObject(parsing: commitBytes, name: "\(commitChecksum).commit")

        guard let second = try nextObjectEntry() else {
            throw ToolError(.corrupt, "end of stream after commit object \(commitChecksum)")
        }
        var detached: [UInt8]?
        var firstObject: (TarEntry, TarObjectPath.Parsed)? = second
        if case .object(let checksum, .commitmeta) = second.1 {
            guard checksum == commitChecksum else {
                throw ToolError(.corrupt, "expected commitmeta of \(commitChecksum), found \(second.0.path)")
            }
            detached = try reader.readAll(limit: Self.maxMetadataSize, path: second.0.path)
            _ = try MetadataDictionary.parse(detached ?? [], name: "\(commitChecksum).commitmeta")
            firstObject = nil
        }
        try policy?.verify(repo: repo, commit: commitChecksum, commitBytes: commitBytes, detachedMetadata: detached)

        if let (entry, parsed) = firstObject { try importObject(entry, parsed, transaction) }
        while let (entry, parsed) = try nextObjectEntry() {
            try importObject(entry, parsed, transaction)
        }
        try requireNoPendingLink()
        try writer.finish()
        return StagedCommit(
            checksum: commitChecksum, commit: commit, commitBytes: commitBytes, detachedMetadata: detached,
            objects: objects + 1, bytes: bytes)
    }

    /// The next entry that names a repository object, after validating every entry's path.
    private func nextObjectEntry() throws -> (TarEntry, TarObjectPath.Parsed)? {
        while let entry = try reader.next() {
            try TarPathPolicy.validate(entry)
            guard entry.kind != .directory, let repoPath = TarObjectPath.repoRelative(entry.path) else { continue }
            let parsed = try TarObjectPath.parse(repoPath: repoPath)
            if parsed != .ignored { return (entry, parsed) }
        }
        return nil
    }

    private func readMetadata(_ entry: TarEntry, _ checksum: Checksum, _ type: ObjectType) throws -> [UInt8] {
        guard entry.kind == .regular else {
            throw ToolError(.corrupt, "\(entry.path): expected a regular file for a \(type.rawValue) object")
        }
        let data = try reader.readAll(limit: Self.maxMetadataSize, path: entry.path)
        if type != .commitmeta, Checksum.sha256(data) != checksum {
            throw ToolError(.corrupt, "checksum mismatch for \(entry.path): computed \(Checksum.sha256(data))")
        }
        return data
    }

    private func importObject(_ entry: TarEntry, _ parsed: TarObjectPath.Parsed, _ transaction: Transaction) throws {
        switch parsed {
        case .ignored:
            return
        case .legacyXattrsBlob(let checksum):
            try cacheXattrs(entry, checksum)
        case .object(let checksum, let kind):
            switch kind {
            case .commit where objectSet != nil:
                throw ToolError(.corrupt, "found commit object \(entry.path) in an object-set layer")
            case .commit:
                throw ToolError(.corrupt, "found multiple commit objects: \(entry.path)")
            case .commitmeta:
                throw ToolError(.corrupt, "unexpected commitmeta object \(entry.path): it must follow the commit")
            case .dirtree, .dirmeta:
                guard objectSet == nil else {
                    throw ToolError(.corrupt, "found metadata object \(entry.path) in an object-set layer")
                }
                let type: ObjectType = kind == .dirtree ? .dirtree : .dirmeta
                try transaction.writeMetadata(type, checksum, bytes: try readMetadata(entry, checksum, type))
                objects += 1
            case .fileXattrs:
                try cacheXattrs(entry, checksum)
            case .fileXattrsLink, .legacyXattrsLink:
                try linkXattrs(entry, checksum, kind)
            case .file:
                try importFile(entry, checksum, transaction)
            }
        }
    }

    private func cacheXattrs(_ entry: TarEntry, _ checksum: Checksum) throws {
        guard entry.kind == .regular else { throw ToolError(.corrupt, "\(entry.path): xattrs object is not a regular file") }
        let data = try reader.readAll(limit: Self.maxXattrsSize, path: entry.path)
        let actual = Checksum.sha256(data)
        guard actual == checksum else {
            throw ToolError(.corrupt, "checksum mismatch for xattrs \(entry.path): computed \(actual)")
        }
        xattrsCache[checksum] = data
    }

    private func linkXattrs(_ entry: TarEntry, _ file: Checksum, _ kind: TarObjectPath.Kind) throws {
        if let pendingXattrs {
            throw ToolError(.corrupt, "found dangling xattrs link \(pendingXattrs.path) before \(entry.path)")
        }
        let xattrs: Checksum
        switch (entry.kind, kind) {
        case (.hardlink, .fileXattrsLink):
            xattrs = try TarObjectPath.parseXattrsLinkTarget(entry.linkTarget ?? "")
        case (.regular, .fileXattrsLink):
            // Writers that hit hardlink limits store the xattrs blob itself in the link entry.
            let data = try reader.readAll(limit: Self.maxXattrsSize, path: entry.path)
            xattrs = Checksum.sha256(data)
            xattrsCache[xattrs] = data
        case (.hardlink, _):
            let last = entry.linkTarget?.split(separator: "/").last ?? ""
            guard let checksum = Checksum(hex: last) else {
                throw ToolError(.corrupt, "invalid legacy xattrs link target in \(entry.path)")
            }
            xattrs = checksum
        default:
            throw ToolError(.corrupt, "\(entry.path): xattrs reference is neither a hardlink nor a regular file")
        }
        pendingXattrs = (file, xattrs, entry.path)
    }

    private func importFile(_ entry: TarEntry, _ checksum: Checksum, _ transaction: Transaction) throws {
        guard let pending = pendingXattrs else {
            throw ToolError(.corrupt, "missing xattrs reference before file object \(entry.path)")
        }
        guard pending.file == checksum else {
            throw ToolError(.corrupt, "object mismatch: xattrs link \(pending.path) is followed by \(entry.path)")
        }
        pendingXattrs = nil
        if objectSet != nil {
            guard objectSetMembers.insert(checksum).inserted else {
                throw ToolError(.corrupt, "duplicate object \(checksum) in an object-set layer")
            }
            objectSet?.append(checksum)
        }
        objects += 1
        bytes += entry.size
        progress.update(objects: objects, bytes: bytes)
        if try repo.hasObject(.file, checksum) { return }
        guard let xattrs = xattrsCache[pending.xattrs] else {
            throw ToolError(.corrupt, "xattrs object \(pending.xattrs) for \(entry.path) is not in the stream before it")
        }
        switch entry.kind {
        case .regular:
            let mode = FileMode.regular | entry.permissions
            if entry.size <= UInt64(Self.inlineFileLimit) {
                let data = try reader.readAll(limit: Self.inlineFileLimit, path: entry.path)
                let (uid, gid) = (entry.uid, entry.gid)
                try writer.submit(bytes: data.count + xattrs.count) {
                    try transaction.writeRegularFile(checksum, uid: uid, gid: gid, mode: mode, xattrs: xattrs, data: data)
                }
            } else {
                try transaction.writeRegularFile(
                    checksum, uid: entry.uid, gid: entry.gid, mode: mode, xattrs: xattrs, size: entry.size, from: reader)
            }
        case .symlink:
            let (uid, gid, target) = (entry.uid, entry.gid, entry.linkTarget ?? "")
            try writer.submit(bytes: target.utf8.count + xattrs.count) {
                try transaction.writeSymlink(checksum, uid: uid, gid: gid, xattrs: xattrs, target: target)
            }
        default:
            throw ToolError(.corrupt, "\(entry.path): a file object must be a regular file or a symlink")
        }
    }
}
