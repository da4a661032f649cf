internal import COSTree
import Foundation

/// An ostree sysroot (`OstreeSysroot`): the physical root holding `ostree/repo`, the stateroots under
/// `ostree/deploy/` and the boot loader entries.
///
/// Not `Sendable`: confined to the thread that uses it, as libostree's handle is.
public final class Sysroot {
    private let raw: OpaquePointer
    /// The path the sysroot was opened at.
    public let path: String

    /// Opens and loads the sysroot at `path` (`ostree_sysroot_new` + `ostree_sysroot_load`).
    /// - Throws: `ToolError(.notFound)` naming the path when there is no loadable sysroot there.
    public init(path: String) throws {
        let file = g_file_new_for_path(path)
        defer { g_object_unref(UnsafeMutableRawPointer(file)) }
        guard let sysroot = ostree_sysroot_new(file) else { throw ToolError(.ostree, "cannot allocate a sysroot") }
        raw = sysroot
        self.path = path
        do {
            try gcall { ostree_sysroot_load(sysroot, nil, $0) }
        } catch {
            throw ToolError(.notFound, "cannot load sysroot \(path)", underlying: error)
        }
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(raw)) }

    /// The path of the sysroot's repository (`ostree/repo`).
    public var repoPath: String { "\(path)/ostree/repo" }

    /// Runs `body` holding the sysroot's exclusive write lock (`ostree_sysroot_lock`, `ostree_sysroot_unlock`),
    /// waiting for another holder to release it.
    /// - Throws: `ToolError(.ostree)` naming the sysroot when the lock cannot be taken, or what `body` throws.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        do {
            try gcall { ostree_sysroot_lock(raw, $0) }
        } catch {
            throw ToolError(.ostree, "cannot lock sysroot \(path)", underlying: error)
        }
        defer { ostree_sysroot_unlock(raw) }
        return try body()
    }

    /// The deployments, the default (next boot) first (`ostree_sysroot_get_deployments`).
    public var deployments: [Deployment] {
        guard let array = ostree_sysroot_get_deployments(raw) else { return [] }
        defer { g_ptr_array_unref(array) }
        return (0..<Int(array.pointee.len)).compactMap { index in
            array.pointee.pdata[index].flatMap { Deployment(OpaquePointer($0)) }
        }
    }

    /// Deploys `commit` of the sysroot's repository as the new default deployment of `stateroot`, as
    /// `ostree admin deploy` does: `ostree_sysroot_deploy_tree_with_options` with the stateroot's merge deployment
    /// (whose `/etc` changes and kernel arguments carry over), then `ostree_sysroot_simple_write_deployment`, which
    /// writes the boot loader entries, keeps the other stateroots' deployments and cleans up.
    /// - Parameters:
    ///   - origin: the origin keyfile, as group → key → value.
    ///   - kernelArguments: replace the kernel arguments; `nil` keeps the merge deployment's.
    /// - Returns: the new deployment.
    /// - Throws: `ToolError(.ostree)` naming the commit and stateroot with libostree's reason (e.g. no kernel in
    ///   the tree).
    public func deploy(
        commit: Checksum, stateroot: String, origin: [String: [String: String]], kernelArguments: [String]?
    ) throws -> Deployment {
        let keyFile = g_key_file_new()
        defer { g_key_file_unref(keyFile) }
        for (group, entries) in origin {
            for (key, value) in entries { g_key_file_set_string(keyFile, group, key, value) }
        }
        let merge = ostree_sysroot_get_merge_deployment(raw, stateroot)
        defer { if let merge { g_object_unref(UnsafeMutableRawPointer(merge)) } }
        var deployment: OpaquePointer?
        let failure = "cannot deploy commit \(commit) to stateroot \(stateroot) of \(path)"
        do {
            try withCStringArray(kernelArguments) { argv in
                var options = OstreeSysrootDeployTreeOpts()
                options.override_kernel_argv = argv
                try gcall {
                    ostree_sysroot_deploy_tree_with_options(
                        raw, stateroot, commit.hex, keyFile, merge, &options, &deployment, nil, $0)
                }
            }
        } catch {
            throw ToolError(.ostree, failure, underlying: error)
        }
        guard let deployment else { throw ToolError(.ostree, "\(failure): no deployment returned") }
        defer { g_object_unref(UnsafeMutableRawPointer(deployment)) }
        do {
            try gcall {
                ostree_sysroot_simple_write_deployment(
                    raw, stateroot, deployment, merge, OSTREE_SYSROOT_SIMPLE_WRITE_DEPLOYMENT_FLAGS_NONE, nil, $0)
            }
        } catch {
            throw ToolError(.ostree, "cannot write the deployment of commit \(commit) in \(path)", underlying: error)
        }
        guard let result = Deployment(deployment) else {
            throw ToolError(.ostree, "\(failure): the new deployment has no checksum")
        }
        return result
    }

    /// Calls `body` with a NULL-terminated `char **` copy of `strings` (NULL for `nil`), freed afterwards.
    private func withCStringArray<T>(
        _ strings: [String]?, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T
    ) throws -> T {
        guard let strings else { return try body(nil) }
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress) }
    }
}
