import Foundation
import Testing

/// The result of running a program: exit status and captured output.
struct RunResult {
    let status: Int32
    let stdout: Data
    let stderr: String

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var trimmedStdout: String { stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Runs tools for the end-to-end tests: our built binaries and the real judges (`ostree`, `skopeo`, `umoci`).
enum Run {
    /// Where `swift test` put our binaries (next to the test bundle).
    static let productsDirectory: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("export-commit").path) {
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return url
    }()

    /// The path of one of our binaries.
    static func binary(_ name: String) -> String { productsDirectory.appendingPathComponent(name).path }

    /// Runs `executable` (a path, or a name looked up on PATH) and captures its output.
    /// - Parameters:
    ///   - stdin: a file to connect as standard input (default: /dev/null).
    ///   - stdoutFile: a file to write standard output to instead of capturing it.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], stdin: String? = nil, stdoutFile: String? = nil,
        environment: [String: String] = [:], currentDirectory: String? = nil
    ) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolve(executable))
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdin ?? "/dev/null"))
        let outPipe = Pipe()
        let errPipe = Pipe()
        if let stdoutFile {
            _ = FileManager.default.createFile(atPath: stdoutFile, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutFile))
        } else {
            process.standardOutput = outPipe
        }
        process.standardError = errPipe
        try process.run()
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let errThread = Thread { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = stdoutFile == nil ? outPipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        while !errThread.isFinished { usleep(1000) }
        return RunResult(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a tool that must succeed; the test fails with its stderr otherwise.
    @discardableResult
    static func checked(
        _ executable: String, _ arguments: [String], stdin: String? = nil, stdoutFile: String? = nil,
        environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunResult {
        let result = try run(executable, arguments, stdin: stdin, stdoutFile: stdoutFile, environment: environment)
        guard result.status == 0 else {
            Issue.record("\(executable) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)",
                         sourceLocation: sourceLocation)
            throw RunFailure(message: result.stderr)
        }
        return result
    }

    /// Runs the `ostree` CLI, which must succeed, and returns its trimmed stdout.
    @discardableResult
    static func ostree(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try checked("ostree", arguments, sourceLocation: sourceLocation).trimmedStdout
    }

    /// Finds `name` on PATH; a missing tool is a loud failure, never a skip.
    static func resolve(_ name: String) throws -> String {
        if name.contains("/") { return name }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw RunFailure(message: "\(name) is not installed: run install.sh (it installs every test tool)")
    }
}

struct RunFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
