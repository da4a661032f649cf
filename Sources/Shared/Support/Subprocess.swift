import Foundation

/// Runs helper programs (skopeo) to completion, capturing their output.
public enum Subprocess {
    /// The outcome of a run.
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` (looked up on PATH) with `arguments`; stdin is /dev/null.
    /// - Throws: `ToolError(.subprocess)` when the program cannot be started.
    public static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw ToolError(.subprocess, "cannot run \(executable): \(error.localizedDescription)")
        }
        let errorText = ConcurrentRead(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: errorText.wait())
    }

    /// Runs a program that must succeed.
    /// - Throws: `ToolError(.subprocess)` with the exit status and the last line of its stderr.
    @discardableResult
    public static func checked(_ executable: String, _ arguments: [String], action: String) throws -> Output {
        let output = try run(executable, arguments)
        guard output.status == 0 else {
            let reason = output.stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
            throw ToolError(.subprocess, "\(action) failed (\(executable) exit \(output.status)): \(reason)")
        }
        return output
    }
}

/// Reads a file handle to its end on a thread of its own, so two pipes can be drained at once.
private final class ConcurrentRead: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
