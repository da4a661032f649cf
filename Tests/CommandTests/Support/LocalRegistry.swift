import Foundation
import Testing

/// A `docker-registry` (distribution) serving plain HTTP on `127.0.0.1` for one test, storing into its own
/// temporary directory. Push with `push(_:as:)` (skopeo), read with `--tls-verify=false`; `stop()` (or
/// releasing the value) ends the registry. A missing `docker-registry` is a loud failure, never a skip.
final class LocalRegistry {
    /// `127.0.0.1:PORT`.
    let address: String
    private let process: Process
    private let dir: TempDir

    /// Starts the registry on a free port (a random one, retried when taken) and waits until it listens.
    init() throws {
        let binary = try Run.resolve("docker-registry")
        dir = try TempDir()
        var lastLog = ""
        for _ in 0..<10 {
            let port = Int.random(in: 20_000...60_000)
            let config = """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: \(dir.sub("storage"))
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:\(port)
                """
            try dir.write("config.yml", config)
            let logPath = dir.sub("registry-\(port).log")
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["serve", dir.sub("config.yml")]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = log
            process.standardError = log
            try process.run()
            try log.close()
            if try Self.waitUntilListening(process, logPath: logPath, log: &lastLog) {
                self.process = process
                address = "127.0.0.1:\(port)"
                return
            }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        throw RunFailure(message: "docker-registry did not start: \(lastLog.suffix(500))")
    }

    deinit { stop() }

    /// `docker://127.0.0.1:PORT/NAME`.
    func reference(_ name: String) -> String { "docker://\(address)/\(name)" }

    /// Copies `source` (e.g. `oci:DIR:TAG`) into the registry as `name` (`repo:tag`), every platform of an
    /// index included; returns the `docker://` reference.
    @discardableResult
    func push(_ source: String, as name: String) throws -> String {
        let destination = reference(name)
        try Run.checked("skopeo", ["copy", "--all", "--dest-tls-verify=false", source, destination])
        return destination
    }

    /// Stops the registry and waits for it to exit. Idempotent.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Polls the log for distribution's `listening on` line for up to 15 seconds; `false` if the process exited
    /// (e.g. the port was taken).
    private static func waitUntilListening(_ process: Process, logPath: String, log: inout String) throws -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if log.contains("listening on") { return true }
            if !process.isRunning { return false }
            usleep(50_000)
        }
        throw RunFailure(message: "docker-registry did not listen within 15 s: \(log.suffix(500))")
    }
}
