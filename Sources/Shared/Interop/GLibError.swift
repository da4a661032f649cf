internal import COSTree

/// A `GError` copied into Swift: its domain name, code and message. Thrown by every `Interop` call into GLib,
/// GIO and libostree.
public struct GLibError: Error, CustomStringConvertible, Sendable {
    public let domain: String
    public let code: Int32
    public let message: String

    public var description: String { message }

    /// Whether this is GIO's `G_IO_ERROR_NOT_FOUND`, which libostree uses for missing objects, refs and remotes.
    public var isNotFound: Bool { domain == "g-io-error-quark" && code == Int32(G_IO_ERROR_NOT_FOUND.rawValue) }

    init(taking error: UnsafeMutablePointer<GError>) {
        domain = g_quark_to_string(error.pointee.domain).map { String(cString: $0) } ?? "unknown"
        code = error.pointee.code
        message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        g_error_free(error)
    }

    init(message: String) {
        domain = "swift-ostree-ext"
        code = 0
        self.message = message
    }
}

typealias GErrorOut = UnsafeMutablePointer<UnsafeMutablePointer<GError>?>

/// Runs a `gboolean f(…, GError **error)` call and throws the `GError` it sets when it returns FALSE.
func gcall(_ body: (GErrorOut) -> gboolean) throws(GLibError) {
    var error: UnsafeMutablePointer<GError>?
    if body(&error) == 0 {
        guard let error else { throw GLibError(message: "call failed without an error") }
        throw GLibError(taking: error)
    }
}

/// Runs a `T *f(…, GError **error)` call and throws the `GError` it sets when it returns NULL.
func gcallReturning<T>(_ body: (GErrorOut) -> T?) throws(GLibError) -> T {
    var error: UnsafeMutablePointer<GError>?
    guard let value = body(&error) else {
        guard let error else { throw GLibError(message: "call failed without an error") }
        throw GLibError(taking: error)
    }
    return value
}

/// Copies a transfer-full `char *` into a `String` and frees it with `g_free`.
func takeGString(_ pointer: UnsafeMutablePointer<CChar>) -> String {
    defer { g_free(pointer) }
    return String(cString: pointer)
}
