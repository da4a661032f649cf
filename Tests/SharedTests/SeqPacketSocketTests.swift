import Foundation
import Shared
import Testing

@Suite struct SeqPacketSocketTests {
    @Test func messagesKeepTheirBoundaries() throws {
        let (left, right) = try SeqPacketSocket.pair()
        try left.send(Array("first".utf8))
        try left.send(Array("second message".utf8))
        #expect(try right.receive(maxSize: 64)?.bytes == Array("first".utf8))
        #expect(try right.receive(maxSize: 64)?.bytes == Array("second message".utf8))
        try right.send([1, 2, 3])
        #expect(try left.receive(maxSize: 64)?.bytes == [1, 2, 3])
    }

    @Test func passedDescriptorReadsThePipe() throws {
        let (left, right) = try SeqPacketSocket.pair()
        let pipe = Pipe()
        try left.send(Array(#"{"pipeid":7}"#.utf8), fileDescriptors: [pipe.fileHandleForReading.fileDescriptor])
        try pipe.fileHandleForReading.close()
        let message = try #require(try right.receive(maxSize: 1024))
        #expect(message.bytes == Array(#"{"pipeid":7}"#.utf8))
        #expect(message.fileDescriptors.count == 1)
        let received = try #require(message.fileDescriptors.first)
        #expect(fcntl(received.rawValue, F_GETFD) & FD_CLOEXEC != 0)
        try pipe.fileHandleForWriting.write(contentsOf: Data("through the pipe".utf8))
        try pipe.fileHandleForWriting.close()
        let reader = FileHandle(fileDescriptor: received.release(), closeOnDealloc: true)
        #expect(String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) == "through the pipe")
    }

    @Test func closedPeerIsEndOfStream() throws {
        let (left, right) = try SeqPacketSocket.pair()
        left.close()
        #expect(left.fileDescriptor == -1)
        #expect(try right.receive(maxSize: 16) == nil)
        #expect(throws: ToolError.self) { try right.send([1]) }
    }

    @Test func oversizedMessageIsAnError() throws {
        let (left, right) = try SeqPacketSocket.pair()
        try left.send([UInt8](repeating: 7, count: 100))
        #expect {
            _ = try right.receive(maxSize: 10)
        } throws: { error in
            (error as? ToolError)?.kind == .corrupt && (error as? ToolError)?.message.contains("10 bytes") == true
        }
    }

    @Test func bothEndsAreCloseOnExec() throws {
        let (left, right) = try SeqPacketSocket.pair()
        #expect(fcntl(left.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(right.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
    }
}
