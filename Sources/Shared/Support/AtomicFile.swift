import Foundation

/// Writes a file under a temporary name in the same directory and renames it into place on success.
public enum AtomicFile {
    /// Calls `body` with a file descriptor open for writing; on success the file appears at `path` with mode
    /// 0644, on failure the temporary file is removed and the error rethrown.
    public static func write(to path: String, _ body: (Int32) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ToolError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        do {
            try body(fd)
            guard fsync(fd) == 0 else { throw ToolError(.io, "cannot write \(path): \(String(cString: strerror(errno)))") }
            close(fd)
            guard rename(temporary, path) == 0 else {
                throw ToolError(.io, "cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }
}
