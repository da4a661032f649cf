/// The one error type of the product: a complete, one-line message naming the thing at fault.
///
/// Boundary errors from C libraries (`GLibError`, `ArchiveError`) travel as `underlying` and are appended to the
/// message, so a user sees e.g. `cannot load commit 1a2b…: No such metadata object 1a2b….commit`.
public struct ToolError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, broadly; tests and callers switch on it, users read `message`.
    public enum Kind: String, Sendable {
        case invalidArgument, notFound, corrupt, unsupported, io, ostree, archive, signature, subprocess
    }

    public let kind: Kind
    public let message: String
    public let underlying: (any Error & Sendable)?

    public init(_ kind: Kind, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }
}
