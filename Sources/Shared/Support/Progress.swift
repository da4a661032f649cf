import Foundation

/// A single redrawn progress line on stderr, shown only when stderr is a terminal and not silenced.
///
/// Updates are throttled to about ten redraws a second; `finish()` clears the line. Thread-confined: call it
/// from the thread doing the work.
public final class Progress {
    private let label: String
    private let unit: String
    private let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private let started = DispatchTime.now().uptimeNanoseconds

    /// A progress line that never draws.
    public static var disabled: Progress { Progress(label: "", quiet: true) }

    /// - Parameters:
    ///   - label: the verb shown first (`Exporting`, `Importing`).
    ///   - quiet: `--quiet`; nothing is drawn.
    ///   - unit: what the counted items are (`objects`, `layers done`).
    public init(label: String, quiet: Bool, unit: String = "objects") {
        self.label = label
        self.unit = unit
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Reports objects and bytes done so far.
    public func update(objects: Int, bytes: UInt64) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw >= 100_000_000 else { return }
        lastDraw = now
        let seconds = max(Double(now - started) / 1e9, 0.001)
        let rate = ByteCount.format(UInt64(Double(bytes) / seconds))
        draw("\(label): \(objects) \(unit), \(ByteCount.format(bytes)) (\(rate)/s)")
    }

    /// Clears the line.
    public func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    private func draw(_ text: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
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
