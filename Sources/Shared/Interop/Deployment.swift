internal import COSTree

/// One deployment of a sysroot.
public struct Deployment: Sendable, Hashable {
    /// The stateroot (`osname`) it belongs to.
    public let stateroot: String
    /// The deployed commit.
    public let commit: Checksum
    /// The serial that tells deployments of one commit apart.
    public let serial: Int32

    /// The deployment directory, relative to the sysroot: `ostree/deploy/STATEROOT/deploy/COMMIT.SERIAL`; its
    /// origin keyfile is that path plus `.origin`.
    public var directory: String { "ostree/deploy/\(stateroot)/deploy/\(commit.hex).\(serial)" }

    /// Reads an `OstreeDeployment` (`ostree_deployment_get_osname`, `_get_csum`, `_get_deployserial`).
    init?(_ deployment: OpaquePointer) {
        guard let osname = ostree_deployment_get_osname(deployment),
            let csum = ostree_deployment_get_csum(deployment),
            let commit = Checksum(hex: String(cString: csum))
        else { return nil }
        stateroot = String(cString: osname)
        self.commit = commit
        serial = ostree_deployment_get_deployserial(deployment)
    }
}
