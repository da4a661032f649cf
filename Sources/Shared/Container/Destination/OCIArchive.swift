import Foundation

/// `oci-archive:` files: a tar of an OCI layout, written deterministically and atomically.
enum OCIArchive {
    /// Archives the layout at `layout` (`oci-layout`, `index.json`, then the blobs in name order) into `path`.
    /// - Throws: `ToolError` naming the file that could not be read or written.
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
