import Foundation

/// One end of an `AF_UNIX` `SOCK_SEQPACKET` socket pair: each `send` is one message on the other side, and file
/// descriptors can travel with a message (`SCM_RIGHTS`). This is the skopeo proxy's control channel.
///
/// Both ends are created close-on-exec; the descriptor is closed by `close()` or in `deinit`. Not thread-safe:
/// confine each end to one thread at a time.
public final class SeqPacketSocket {
    /// A received message and the descriptors that came with it (owned by the receiver).
    public struct Message {
        /// The message bytes.
        public let bytes: [UInt8]
        /// Descriptors passed with `SCM_RIGHTS`, already close-on-exec.
        public let fileDescriptors: [OwnedFileDescriptor]
    }

    private let descriptor: OwnedFileDescriptor

    /// The socket's descriptor number (-1 once closed), e.g. to hand one end to a child process.
    public var fileDescriptor: Int32 { descriptor.rawValue }

    private init(_ fd: Int32) { descriptor = OwnedFileDescriptor(fd) }

    /// Creates a connected pair. Calls `socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC)`.
    /// - Throws: `ToolError(.io)` with the system's reason.
    public static func pair() throws -> (SeqPacketSocket, SeqPacketSocket) {
        var fds: [Int32] = [-1, -1]
        let type = Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else {
            throw ToolError(.io, "cannot create a socket pair: \(errnoDescription())")
        }
        return (SeqPacketSocket(fds[0]), SeqPacketSocket(fds[1]))
    }

    /// Closes this end (once); the peer then reads end-of-stream.
    public func close() { descriptor.close() }

    /// Sends `bytes` as one message, with `fileDescriptors` attached (duplicated into the receiver; the caller
    /// keeps its own). Calls `sendmsg(2)` with `MSG_NOSIGNAL`, so a closed peer is an error, not a `SIGPIPE`.
    /// - Throws: `ToolError(.io)` when the message cannot be sent whole.
    public func send(_ bytes: [UInt8], fileDescriptors: [Int32] = []) throws {
        let control = ControlBuffer(capacity: fileDescriptors.count)
        defer { control.deallocate() }
        control.storeRights(fileDescriptors)
        let sent: Int = bytes.withUnsafeBytes { data in
            var iov = iovec(iov_base: UnsafeMutableRawPointer(mutating: data.baseAddress), iov_len: data.count)
            return withUnsafeMutablePointer(to: &iov) { iovPointer in
                var header = msghdr()
                header.msg_iov = iovPointer
                header.msg_iovlen = 1
                if !fileDescriptors.isEmpty {
                    header.msg_control = control.buffer.baseAddress
                    header.msg_controllen = control.buffer.count
                }
                return retryingEINTR { sendmsg(descriptor.rawValue, &header, Int32(MSG_NOSIGNAL)) }
            }
        }
        guard sent == bytes.count else {
            throw ToolError(.io, "cannot send on socket: \(sent < 0 ? errnoDescription() : "short send")")
        }
    }

    /// Receives one message of at most `maxSize` bytes and up to `maxFileDescriptors` passed descriptors.
    /// Calls `recvmsg(2)` with `MSG_CMSG_CLOEXEC`.
    /// - Returns: the message, or `nil` when the peer has closed its end.
    /// - Throws: `ToolError(.io)` on a receive error, `ToolError(.corrupt)` when the message or its descriptors
    ///   did not fit (they are closed).
    public func receive(maxSize: Int, maxFileDescriptors: Int = 4) throws -> Message? {
        let data = UnsafeMutableRawBufferPointer.allocate(byteCount: max(maxSize, 1), alignment: 16)
        defer { data.deallocate() }
        let control = ControlBuffer(capacity: maxFileDescriptors)
        defer { control.deallocate() }
        var iov = iovec(iov_base: data.baseAddress, iov_len: maxSize)
        var header = msghdr()
        let received: Int = withUnsafeMutablePointer(to: &iov) { iovPointer in
            header.msg_iov = iovPointer
            header.msg_iovlen = 1
            header.msg_control = control.buffer.baseAddress
            header.msg_controllen = control.buffer.count
            return retryingEINTR { recvmsg(descriptor.rawValue, &header, Int32(MSG_CMSG_CLOEXEC)) }
        }
        guard received >= 0 else { throw ToolError(.io, "cannot receive on socket: \(errnoDescription())") }
        let fds = control.loadRights(length: header.msg_controllen).map(OwnedFileDescriptor.init)
        if header.msg_flags & Int32(MSG_TRUNC) != 0 {
            throw ToolError(.corrupt, "a socket message was longer than \(maxSize) bytes")
        }
        if header.msg_flags & Int32(MSG_CTRUNC) != 0 {
            throw ToolError(.corrupt, "a socket message carried more than \(maxFileDescriptors) file descriptors")
        }
        if received == 0 && fds.isEmpty { return nil }
        return Message(bytes: Array(data[0..<received]), fileDescriptors: fds)
    }
}

/// Ancillary data of a `msghdr` holding one `SCM_RIGHTS` record: what the C macros `CMSG_SPACE`, `CMSG_LEN`,
/// `CMSG_FIRSTHDR`, `CMSG_NXTHDR` and `CMSG_DATA` compute, which Swift does not import.
private struct ControlBuffer {
    let buffer: UnsafeMutableRawBufferPointer

    private static let headerSize = align(MemoryLayout<cmsghdr>.size)

    private static func align(_ length: Int) -> Int {
        let unit = MemoryLayout<Int>.size
        return (length + unit - 1) & ~(unit - 1)
    }

    init(capacity: Int) {
        let space = Self.headerSize + Self.align(max(capacity, 1) * MemoryLayout<Int32>.size)
        buffer = .allocate(byteCount: space, alignment: MemoryLayout<cmsghdr>.alignment)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
    }

    func deallocate() { buffer.deallocate() }

    /// Writes one `SCM_RIGHTS` header and the descriptors (`CMSG_LEN(4 * count)` bytes in use).
    func storeRights(_ fds: [Int32]) {
        guard !fds.isEmpty else { return }
        var header = cmsghdr()
        header.cmsg_len = Self.headerSize + fds.count * MemoryLayout<Int32>.size
        header.cmsg_level = SOL_SOCKET
        header.cmsg_type = Int32(SCM_RIGHTS)
        buffer.storeBytes(of: header, toByteOffset: 0, as: cmsghdr.self)
        for (index, fd) in fds.enumerated() {
            buffer.storeBytes(of: fd, toByteOffset: Self.headerSize + index * MemoryLayout<Int32>.size, as: Int32.self)
        }
    }

    /// Every descriptor of every `SCM_RIGHTS` record in the first `length` bytes.
    func loadRights(length: Int) -> [Int32] {
        var fds: [Int32] = []
        var offset = 0
        let used = min(length, buffer.count)
        while offset + Self.headerSize <= used {
            let header = buffer.loadUnaligned(fromByteOffset: offset, as: cmsghdr.self)
            guard header.cmsg_len >= Self.headerSize, offset + header.cmsg_len <= used else { break }
            if header.cmsg_level == SOL_SOCKET && header.cmsg_type == Int32(SCM_RIGHTS) {
                let count = (header.cmsg_len - Self.headerSize) / MemoryLayout<Int32>.size
                for index in 0..<count {
                    let position = offset + Self.headerSize + index * MemoryLayout<Int32>.size
                    fds.append(buffer.loadUnaligned(fromByteOffset: position, as: Int32.self))
                }
            }
            offset += Self.align(header.cmsg_len)
        }
        return fds
    }
}

/// Runs a system call again while it fails with `EINTR`; returns its last result.
func retryingEINTR(_ call: () -> Int) -> Int {
    while true {
        let result = call()
        if result >= 0 || errno != EINTR { return result }
    }
}

/// The text of the current `errno`.
func errnoDescription() -> String { String(cString: strerror(errno)) }
