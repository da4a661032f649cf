import Foundation

/// A file descriptor that this object owns: closed by `close()` or, at the latest, in `deinit`.
///
/// Used for descriptors that arrive from elsewhere (passed over a socket with `SCM_RIGHTS`, opened from a
/// layout) until a longer-lived owner such as `BlobStream` takes them.
public final class OwnedFileDescriptor {
    /// The descriptor number, or -1 once closed or released.
    public private(set) var rawValue: Int32

    /// Takes ownership of `rawValue`.
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    deinit { close() }

    /// Whether the descriptor is still open (not closed or released).
    public var isOpen: Bool { rawValue >= 0 }

    /// Closes the descriptor (once; later calls do nothing). Calls `close(2)`.
    public func close() {
        guard rawValue >= 0 else { return }
        _ = Foundation.close(rawValue)
        rawValue = -1
    }

    /// Gives up ownership: returns the descriptor, which the caller must close.
    public func release() -> Int32 {
        defer { rawValue = -1 }
        return rawValue
    }
}
