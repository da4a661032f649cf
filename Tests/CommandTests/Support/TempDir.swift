import Foundation
import Testing

/// A temporary directory removed when the value is released (tests keep it alive with `defer`/scope).
final class TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ostree-ext-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the directory.
    func sub(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes a file (creating parent directories).
    func write(_ name: String, _ contents: String, mode: Int = 0o644) throws {
        let url = URL(fileURLWithPath: sub(name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }

    /// Creates a new ostree repository of `mode` inside the directory and returns its path.
    func makeRepo(_ name: String = "repo", mode: String = "bare-user") throws -> String {
        let repo = sub(name)
        try Run.ostree("init", "--repo=\(repo)", "--mode=\(mode)")
        return repo
    }
}
