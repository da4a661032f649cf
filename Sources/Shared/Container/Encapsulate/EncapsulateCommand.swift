/// What `ostree container-encapsulate` does, behind its thin front end: build the image and put it where the
/// image reference says (`ImageDestination`).
///
/// When an `oci:` destination's tag already names a chunked image, its layer structure is kept so that an update
/// changes few layers; `containers-storage:` gets gzip level 1, as ostree-ext forces there.
public enum EncapsulateCommand {
    /// What was written and where.
    public struct Report: Encodable, Sendable {
        /// The manifest digest (for registries, as skopeo pushed it).
        public let digest: String
        /// The image that was built.
        public let image: ImageBuilder.Result
    }

    /// Builds the image of `rev` (in the repository at `repoPath`) and writes it to `destination`.
    /// - Throws: `ToolError` naming the rev, destination, label or object at fault.
    public static func run(repoPath: String, rev: String, destination: String, options: EncapsulateOptions) throws
        -> Report
    {
        let imageDestination = try ImageDestination(parsing: destination, registry: options.registry)
        let commit = try Repo(path: repoPath).resolve(rev)
        let written = try imageDestination.write { target in
            var options = options
            if options.priorBuild == nil, let tag = target.inPlaceTag {
                options.priorBuild = target.layout.chunkedManifest(tag: tag)
            }
            if target.prefersFastCompression { options.compression = .gzip(level: 1) }
            let image = try ImageBuilder.build(
                repoPath: repoPath, commit: commit, options: options, into: target.layout)
            return (image.manifest, image)
        }
        return Report(digest: written.digest, image: written.image)
    }
}
