extension CommitImporter {
    /// Imports the ostree-ext tar stream of a layer, verified against its digest, size and diff ID
    /// (`VerifiedLayerReader.read`): the layer's checks run at the end of its tar, inside the transaction, so a
    /// corrupt layer moves no ref and leaves no visible commit.
    /// - Throws: `ToolError` naming the layer digest when the blob does not match its descriptor or config (a
    ///   failure that a corrupt blob caused is reported as the digest mismatch), else as
    ///   `importStream(_:into:ref:policy:progress:)` does.
    public static func importStream(
        _ layer: VerifiedLayerReader, into repo: Repo, ref: String? = nil, policy: CommitSignaturePolicy? = nil,
        progress: Progress = .disabled
    ) throws -> Result {
        try layer.read { tar in try importStream(tar, into: repo, ref: ref, policy: policy, progress: progress) }
    }

    /// Stages the commit layer `layer` into `transaction` (`stageStream(_:in:policy:)`), verified as
    /// `importStream` above verifies.
    public static func stageStream(
        _ layer: VerifiedLayerReader, in transaction: Transaction, policy: CommitSignaturePolicy? = nil
    ) throws -> StagedCommit {
        try layer.read { tar in try stageStream(tar, in: transaction, policy: policy) }
    }

    /// Imports an object-set layer (`importObjectSet(_:into:)`), verified as `importStream` above verifies.
    /// - Returns: the content objects the layer carried, in stream order.
    public static func importObjectSet(_ layer: VerifiedLayerReader, into repo: Repo) throws -> [Checksum] {
        try layer.read { tar in try importObjectSet(tar, into: repo) }
    }

    /// Imports a verified object-set layer inside the caller's transaction; the layer's checks run when its tar
    /// ends, before the caller can record it.
    public static func importObjectSet(_ layer: VerifiedLayerReader, in transaction: Transaction) throws -> [Checksum] {
        try layer.read { tar in try importObjectSet(tar, in: transaction) }
    }
}
