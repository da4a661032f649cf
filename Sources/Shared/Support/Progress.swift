import Foundation

/// A single redrawn progress line on stderr, shown only when stderr is a terminal and not silenced.
///
/// Updates are throttled to about ten redraws a second; `finish()` clears the line. Safe to update from several
/// threads at once (a pull's parallel layer imports add to one line).
public final class Progress: @unchecked Sendable {
    private let label: String
    private let unit: String
    private let enabled: Bool
    private let totalBytes: UInt64?
    private let lock = NSLock()
    private var objects = 0
    private var bytes: UInt64 = 0
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private let started = DispatchTime.now().uptimeNanoseconds

    /// A progress line that never draws.
    public static var disabled: Progress { Progress(label: "", quiet: true) }

    /// - Parameters:
    ///   - label: the verb shown first (`Exporting`, `Importing`).
    ///   - quiet: `--quiet`; nothing is drawn.
    ///   - unit: what the counted items are (`objects`, `layers done`).
    ///   - totalBytes: the bytes expected in all, shown as `N of TOTAL`.
    public init(label: String, quiet: Bool, unit: String = "objects", totalBytes: UInt64? = nil) {
        self.label = label
        self.unit = unit
        self.totalBytes = totalBytes
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Reports objects and bytes done so far.
    public func update(objects: Int, bytes: UInt64) {
        guard enabled else { return }
        lock.withLock {
            self.objects = objects
            self.bytes = bytes
            redraw()
        }
    }

    /// Adds objects and bytes to the counts so far.
    public func add(objects: Int = 0, bytes: UInt64 = 0) {
        guard enabled else { return }
        lock.withLock {
            self.objects += objects
            self.bytes += bytes
            redraw()
        }
    }

    /// Clears the line.
    public func finish() {
        guard enabled else { return }
        lock.withLock {
            guard drawn else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            drawn = false
        }
    }

    /// Draws the counts, at most every 100 ms; called with the lock held.
    private func redraw() {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw >= 100_000_000 else { return }
        lastDraw = now
        let seconds = max(Double(now - started) / 1e9, 0.001)
        let rate = ByteCount.format(UInt64(Double(bytes) / seconds))
        let amount = totalBytes.map { "\(ByteCount.format(bytes)) of \(ByteCount.format($0))" } ?? ByteCount.format(bytes)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(objects) \(unit), \(amount) (\(rate)/s)".utf8))
        drawn = true
    }
}

/// Human-readable byte counts (binary units, one decimal).
public enum ByteCount {
    public static func format(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
