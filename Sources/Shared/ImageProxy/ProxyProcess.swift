import Foundation

/// The running `skopeo experimental-image-proxy`: started with one end of the control socket as its standard
/// input, its stderr collected (the last few KiB) for error messages.
///
/// Foundation `Process` rather than swift-subprocess: the client is synchronous (the pull pipeline blocks in
/// libostree and libarchive), and swift-subprocess only offers async, body-scoped runs.
final class ProxyProcess {
    private let process = Process()
    private let stderr: StderrTail
    private var exitStatus: Int32?

    /// Starts `skopeo` with `arguments`, `socket` as stdin (the caller closes its copy afterwards), stdout to
    /// /dev/null.
    /// - Throws: `ToolError(.notFound)` when skopeo is not installed, `ToolError(.subprocess)` when it cannot
    ///   be started.
    init(skopeo: String, arguments: [String], socket: SeqPacketSocket) throws {
        process.executableURL = URL(fileURLWithPath: try Self.resolve(skopeo))
        process.arguments = arguments
        process.standardInput = FileHandle(fileDescriptor: socket.fileDescriptor, closeOnDealloc: false)
        process.standardOutput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw ToolError(
                .subprocess, "cannot start \(skopeo) experimental-image-proxy: \(error.localizedDescription)")
        }
        stderr = StderrTail(pipe.fileHandleForReading)
    }

    /// The process id (for tests that need to end skopeo abruptly).
    var processIdentifier: Int32 { process.processIdentifier }

    /// Waits for the process to exit (after the socket closed or `Shutdown`) and returns its exit status.
    @discardableResult
    func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        process.waitUntilExit()
        let status = process.terminationStatus
        exitStatus = status
        return status
    }

    /// The last lines skopeo wrote to stderr, joined into one line; waits for the process to exit first.
    func stderrSummary() -> String {
        wait()
        let lines = stderr.text().split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.suffix(3).joined(separator: "; ")
    }

    /// Finds `name` on `PATH` (a name with a `/` is used as is), which must be an executable file.
    private static func resolve(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates = name.contains("/") ? [name] : path.split(separator: ":").map { "\($0)/\(name)" }
        if let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) { return found }
        throw ToolError(.notFound, "\(name) is not installed (it fetches images through experimental-image-proxy)")
    }
}

/// Drains a pipe on a thread of its own, keeping the last 16 KiB.
///
/// `@unchecked Sendable`: `data` is written only by the draining thread before it signals `done`, and read only
/// after waiting on `done`.
private final class StderrTail: @unchecked Sendable {
    private static let limit = 16 * 1024
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    private var finished = false

    init(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                data.append(chunk)
                if data.count > 2 * Self.limit { data = data.suffix(Self.limit) }
            }
            done.signal()
        }.start()
    }

    /// Everything kept, once the writer has closed the pipe.
    func text() -> String {
        if !finished {
            done.wait()
            finished = true
        }
        return String(decoding: data.suffix(Self.limit), as: UTF8.self)
    }
}
