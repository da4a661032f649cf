/// A commit whose stream was imported except for the commit object itself (`CommitImporter.stageStream`): its
/// signature verified, its other objects written. `write(in:ref:)` makes it visible once the repository holds
/// every object it references.
public struct StagedCommit: Sendable {
    /// The commit checksum.
    public let checksum: Checksum
    let commit: CommitObject
    let commitBytes: [UInt8]
    let detachedMetadata: [UInt8]?
    /// Objects the stream carried (metadata and content, the commit included).
    public let objects: Int
    /// Bytes of file content the stream carried.
    public let bytes: UInt64

    /// Checks that every object the commit references is in the repository (or `transaction`), then writes the
    /// commit object and its detached metadata, marked partial until `markComplete(in:)`, and points `ref` at it.
    /// - Throws: `ToolError(.corrupt)` naming the first missing object and a path that uses it.
    public func write(in transaction: Transaction, ref: String?) throws {
        let repo = transaction.repo
        try CommitCompleteness.check(commit, checksum, in: repo)
        try repo.markCommitPartial(checksum, true)
        try transaction.writeMetadata(.commit, checksum, bytes: commitBytes)
        if let detachedMetadata { try transaction.writeDetachedMetadata(of: checksum, bytes: detachedMetadata) }
        if let ref { transaction.setRef(ref, to: checksum) }
    }

    /// Clears the partial mark once the transaction that wrote the commit has committed.
    public func markComplete(in repo: Repo) throws {
        try repo.markCommitPartial(checksum, false)
    }
}
