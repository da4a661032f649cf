import Foundation

/// What `ostree container-encapsulate` does, behind its thin front end: build the image and put it where the
/// image reference says.
///
/// `oci:` layouts are written in place (other tags kept; nothing new left behind on failure), and when the tag
/// already names a chunked image, its layer structure is kept so that an update changes few layers; `oci-archive:` is a
/// layout built in a temporary directory and archived atomically; every other transport gets the temporary
/// layout through `skopeo copy`, so auth files, registries.conf and policy behave as with podman.
public enum EncapsulateCommand {
    /// What was written and where.
    public struct Report: Encodable, Sendable {
        /// The manifest digest (for registries, as skopeo pushed it).
        public let digest: String
        public let image: ImageBuilder.Result
    }

    public static func run(repoPath: String, rev: String, destination: String, options: EncapsulateOptions) throws -> Report {
        let reference = try ImageReference(parsing: destination)
        let commit = try Repo(path: repoPath).resolve(rev)
        switch reference.transport {
        case .ociDir:
            let target = try OCILayoutReference(reference)
            let layout = try OCILayoutWriter(path: target.path)
            var options = options
            if options.priorBuild == nil, let tag = target.tag {
                options.priorBuild = layout.chunkedManifest(tag: tag)
            }
            do {
                let image = try ImageBuilder.build(repoPath: repoPath, commit: commit, options: options, into: layout)
                try layout.setManifest(image.manifest, tag: target.tag)
                return Report(digest: image.manifest.digest.description, image: image)
            } catch {
                layout.abandon()
                throw error
            }
        case .ociArchive:
            let target = try OCILayoutReference(reference)
            return try withTemporaryLayout { layout in
                let image = try ImageBuilder.build(repoPath: repoPath, commit: commit, options: options, into: layout)
                try layout.setManifest(image.manifest, tag: target.tag)
                try OCIArchive.write(layout: layout.path, to: target.path)
                return Report(digest: image.manifest.digest.description, image: image)
            }
        default:
            var options = options
            if reference.transport == .containerStorage { options.compression = .gzip(level: 1) }
            return try withTemporaryLayout { layout in
                let image = try ImageBuilder.build(repoPath: repoPath, commit: commit, options: options, into: layout)
                try layout.setManifest(image.manifest, tag: "image")
                let digest = try SkopeoCopy.copy(
                    from: "oci:\(layout.path):image", to: reference.description, options: options)
                return Report(digest: digest, image: image)
            }
        }
    }

    /// Runs `body` with a layout in a new temporary directory under /var/tmp, removed afterwards.
    private static func withTemporaryLayout<T>(_ body: (OCILayoutWriter) throws -> T) throws -> T {
        let directory = "\(temporaryRoot())/ostree-ext-encapsulate-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(try OCILayoutWriter(path: directory))
    }

    private static func temporaryRoot() -> String {
        ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/tmp"
    }
}

/// `skopeo copy` of a local layout to any destination skopeo knows.
enum SkopeoCopy {
    /// Copies and returns the manifest digest skopeo wrote to its `--digestfile`.
    static func copy(from source: String, to destination: String, options: EncapsulateOptions) throws -> String {
        let digestFile = "\(FileManager.default.temporaryDirectory.path)/ostree-ext-digest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: digestFile) }
        var arguments = ["copy", "--quiet", "--digestfile", digestFile]
        if let authFile = options.authFile { arguments += ["--authfile", authFile] }
        if options.insecureSkipTLSVerification { arguments.append("--dest-tls-verify=false") }
        arguments += [source, destination]
        try Subprocess.checked("skopeo", arguments, action: "pushing to \(destination)")
        guard let digest = try? String(contentsOfFile: digestFile, encoding: .utf8) else {
            throw ToolError(.subprocess, "skopeo did not report the digest of \(destination)")
        }
        return digest.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// `oci-archive:` files: a tar of an OCI layout, written deterministically and atomically.
enum OCIArchive {
    static func write(layout: String, to path: String) throws {
        let manager = FileManager.default
        let blobs = try manager.contentsOfDirectory(atPath: "\(layout)/blobs/sha256").sorted()
        try AtomicFile.write(to: path) { fd in
            let writer = try TarWriter(fileDescriptor: fd)
            try writer.writeFile("oci-layout", contentsOf: "\(layout)/oci-layout")
            try writer.writeFile("index.json", contentsOf: "\(layout)/index.json")
            try writer.writeDirectory("blobs", uid: 0, gid: 0, mode: 0o755)
            try writer.writeDirectory("blobs/sha256", uid: 0, gid: 0, mode: 0o755)
            for blob in blobs {
                try writer.writeFile("blobs/sha256/\(blob)", contentsOf: "\(layout)/blobs/sha256/\(blob)")
            }
            try writer.finish()
        }
    }
}
