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

/// File type bits as libarchive and tar use them.
enum FileTypeBits {
    static let mask: UInt32 = 0o170000
    static let regular: UInt32 = 0o100000
    static let directory: UInt32 = 0o040000
    static let symlink: UInt32 = 0o120000
}
