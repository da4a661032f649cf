import Foundation

/// What `ostree container-image deploy` does (format spec §5.6): pull an image into a sysroot's repository and
/// deploy its merge commit as the new default deployment of a stateroot.
///
/// The pull refuses, before fetching layers, an image that is not bootable here (`DeployableImage`). The
/// deployment's origin keyfile records the image as ostree-ext does, group `origin`, key
/// `container-image-reference`, with the ostree image reference (the target's, when one is given), so that
/// pulling the origin's image later updates the machine. The sysroot is locked for the whole operation. Staging
/// (`ostree admin deploy --stage`) is not used: the deployment is written at once, as `ostree admin deploy` does
/// by default.
public enum ImageDeploy {
    /// The origin keyfile group of a container deployment.
    public static let originGroup = "origin"
    /// The origin key naming the image a deployment came from.
    public static let originKey = "container-image-reference"

    /// How to deploy.
    public struct Options: Sendable {
        /// The stateroot (`ostree admin os-init NAME`) to deploy into.
        public var stateroot = "default"
        /// The reference to record in the origin and the store instead of the pulled one (e.g. the registry
        /// image when pulling from a local copy).
        public var targetReference: OstreeImageReference?
        /// Replace the kernel arguments; `nil` keeps those of the stateroot's current deployment.
        public var kernelArguments: [String]?
        /// Registry access for the pull.
        public var proxy = ProxyOptions()
        /// Silence pull progress.
        public var quiet = false

        /// The defaults: stateroot `default`, no target, kernel arguments kept.
        public init() {}
    }

    /// What was deployed.
    public struct Report: Encodable, Sendable {
        /// The pull.
        public let pull: PullReport
        /// The deployed (merge) commit.
        public let commit: String
        public let stateroot: String
        /// The deployment directory, relative to the sysroot.
        public let deployment: String
        /// The origin's `container-image-reference`.
        public let origin: String
    }

    /// Pulls `reference` into the repository of the sysroot at `sysrootPath` and deploys it.
    /// - Throws: `ToolError` naming the sysroot, stateroot or image at fault: no sysroot, an unknown stateroot, an
    ///   image that is not bootable or for another architecture, a failed pull, or libostree's reason for refusing
    ///   the tree (such as a missing kernel).
    public static func run(sysrootPath: String, reference: OstreeImageReference, options: Options) throws -> Report {
        let sysroot = try Sysroot(path: sysrootPath)
        var isDirectory: ObjCBool = false
        let stateroot = "\(sysrootPath)/ostree/deploy/\(options.stateroot)"
        guard !options.stateroot.isEmpty, !options.stateroot.contains("/"),
            FileManager.default.fileExists(atPath: stateroot, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ToolError(
                .notFound,
                "stateroot '\(options.stateroot)' does not exist in sysroot \(sysrootPath) (create it with ostree admin os-init)"
            )
        }
        let recorded = options.targetReference ?? reference
        return try sysroot.withLock {
            let repo = try Repo(path: sysroot.repoPath)
            let pulled = try pull(reference, storedAs: recorded, into: repo, options: options)
            guard let commit = Checksum(hex: pulled.mergeCommit) else {
                throw ToolError(.corrupt, "the pull of \(reference) returned no merge commit")
            }
            let deployment = try sysroot.deploy(
                commit: commit, stateroot: options.stateroot,
                origin: [originGroup: [originKey: recorded.description]], kernelArguments: options.kernelArguments)
            return Report(
                pull: pulled, commit: commit.hex, stateroot: options.stateroot, deployment: deployment.directory,
                origin: recorded.description)
        }
    }

    /// Pulls `reference` and leaves the image in the store under `recorded`'s name; the pulled name keeps its
    /// image ref only if it had one before.
    private static func pull(
        _ reference: OstreeImageReference, storedAs recorded: OstreeImageReference, into repo: Repo, options: Options
    ) throws -> PullReport {
        var pullOptions = PullOptions()
        pullOptions.proxy = options.proxy
        pullOptions.quiet = options.quiet
        pullOptions.requireBootable = true
        let pulledRef = try StoreRefs.image(reference.imageReference)
        let recordedRef = try StoreRefs.image(recorded.imageReference)
        let hadPulledRef = try repo.resolveIfExists(pulledRef) != nil
        let report = try ImagePuller.pull(repo: repo, reference: reference, options: pullOptions)
        if recordedRef != pulledRef, let merge = Checksum(hex: report.mergeCommit) {
            try repo.withTransaction { transaction in
                transaction.setRef(recordedRef, to: merge)
                if !hadPulledRef { transaction.setRef(pulledRef, to: nil) }
            }
        }
        return report
    }
}
