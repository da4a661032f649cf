internal import CLibArchive
import Foundation

/// A libarchive failure: the return code and `archive_error_string`.
public struct ArchiveError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String

    public var description: String { message }

    init(_ archive: OpaquePointer, code: Int32) {
        self.code = code
        message = archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error \(code)"
    }
}

/// Sets a UTF-8 character locale once per process, so libarchive converts non-ASCII names losslessly.
let utf8LocaleOnce: Void = {
    if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
}()
