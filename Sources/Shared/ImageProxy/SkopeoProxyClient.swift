import Foundation

/// A synchronous client of `skopeo experimental-image-proxy`: every transport, `auth.json`, `registries.conf`,
/// `policy.json` and mirror configuration work as they do for podman.
///
/// The process is started by `init` and stopped by `shutdown()` (or `deinit`). Requests go one at a time over a
/// SEQPACKET socket (skopeo reads its end as stdin); manifests and blobs arrive through pipes. For each pipe the
/// client sends `FinishPipe` right away, so skopeo closes the pipe when its writer is done, right or wrong, and
/// the `FinishPipe` reply (read when the stream reaches its end) tells which. So **one stream at a time**: read a
/// `BlobStream` to its end (`finish()`) or `close()` it before the next request.
///
/// Methods used, all answered by skopeo 1.9.3 (protocol 0.2.3): `Initialize`, `OpenImage`, `GetManifest`,
/// `GetBlob`, `GetFullConfig` (only for manifests skopeo converted), `FinishPipe`, `CloseImage`, `Shutdown`.
/// Not thread-safe.
public final class SkopeoProxyClient {
    /// An image opened with `openImage(_:)`.
    public struct OpenedImage: Hashable, Sendable {
        /// skopeo's handle for it.
        public let id: UInt32
        /// The reference it was opened by.
        public let reference: ImageReference
    }

    /// The options skopeo was started with.
    public let options: ProxyOptions
    /// The protocol version skopeo reported (`0.2.3` for skopeo 1.9.3).
    public private(set) var protocolVersion = ""

    private let socket: SeqPacketSocket
    private let process: ProxyProcess
    private var activePipe: ProxyPipe?
    private var repliesToDiscard = 0
    private var stopped = false

    /// Starts skopeo and checks its protocol version (`Initialize`).
    /// - Throws: `ToolError(.notFound)` when skopeo is missing, `ToolError(.unsupported)` for a protocol other
    ///   than 0.2.x from 0.2.3 on, `ToolError(.subprocess)` when skopeo fails to start or answer.
    public init(options: ProxyOptions = ProxyOptions()) throws {
        self.options = options
        let (mine, theirs) = try SeqPacketSocket.pair()
        let arguments = options.proxyArguments(defaultAuthFile: ProxyOptions.defaultAuthFile())
        process = try ProxyProcess(skopeo: options.skopeo, arguments: arguments, socket: theirs)
        theirs.close()
        socket = mine
        let (reply, _) = try call("Initialize", [], failure: "cannot start the skopeo image proxy")
        guard case .string(let version) = reply.value else {
            throw ToolError(.corrupt, "skopeo image proxy sent no protocol version")
        }
        guard ProxyProtocol.isSupported(version: version) else {
            throw ToolError(
                .unsupported, "skopeo image proxy speaks protocol \(version); 0.2.x from 0.2.3 on is needed")
        }
        protocolVersion = version
    }

    deinit { try? shutdown() }

    /// skopeo's process id; internal, for tests.
    var processIdentifier: Int32 { process.processIdentifier }

    /// Opens `reference` (`OpenImage`).
    /// - Throws: `ToolError` with skopeo's message, e.g. `cannot open image oci:/srv/x:v1: open
    ///   /srv/x/index.json: no such file or directory` (`.notFound` when skopeo says something is missing).
    public func openImage(_ reference: ImageReference) throws -> OpenedImage {
        let (reply, _) = try call(
            "OpenImage", [.string(reference.description)], failure: "cannot open image \(reference)")
        guard case .integer(let id) = reply.value, let imageID = UInt32(exactly: id), imageID != 0 else {
            throw ToolError(.corrupt, "skopeo image proxy sent no image id for \(reference)")
        }
        return OpenedImage(id: imageID, reference: reference)
    }

    /// The image's manifest (`GetManifest`): an image manifest, converted to OCI if it was Docker schema 2, with
    /// the digest of the manifest as stored. skopeo picks the manifest of its platform (`options.architecture`
    /// and `options.os`, by default the host's) from an index itself.
    public func manifest(of image: OpenedImage) throws -> FetchedManifest {
        let what = "manifest of \(image.reference)"
        let (reply, pipe) = try call("GetManifest", [.number(UInt64(image.id))], failure: "cannot fetch the \(what)")
        guard case .string(let text) = reply.value, let digest = try? Digest(parsing: text) else {
            try discard(reply: reply, file: pipe)
            throw ToolError(.corrupt, "skopeo image proxy sent no valid digest for the \(what)")
        }
        let stream = try stream(reply: reply, file: pipe, what: what, digest: digest, size: nil, verify: false)
        let bytes = try stream.readAll(limit: FetchedManifest.sizeLimit)
        return try FetchedManifest(bytes: bytes, digest: digest, mediaType: nil, source: what)
    }

    /// Opens the blob `digest` of `size` bytes (`GetBlob`); skopeo and the stream both check size and digest.
    public func blob(of image: OpenedImage, digest: Digest, size: UInt64) throws -> BlobStream {
        let what = "\(image.reference)"
        let (reply, pipe) = try call(
            "GetBlob", [.number(UInt64(image.id)), .string(digest.description), .number(size)],
            failure: "cannot fetch blob \(digest) of \(what)")
        return try stream(reply: reply, file: pipe, what: what, digest: digest, size: size, verify: true)
    }

    /// The config of a manifest that skopeo converted to OCI (`GetFullConfig`): the converted config exists only
    /// in skopeo, so it cannot be fetched as a blob. The stream checks it against `descriptor`, the converted
    /// manifest's config descriptor.
    public func convertedConfig(of image: OpenedImage, descriptor: Descriptor) throws -> BlobStream {
        let what = "\(image.reference)"
        let (reply, pipe) = try call(
            "GetFullConfig", [.number(UInt64(image.id))], failure: "cannot fetch the config of \(what)")
        return try stream(
            reply: reply, file: pipe, what: what, digest: descriptor.digest, size: descriptor.size, verify: true)
    }

    /// Closes an image (`CloseImage`).
    public func closeImage(_ image: OpenedImage) throws {
        _ = try call("CloseImage", [.number(UInt64(image.id))], failure: "cannot close image \(image.reference)")
    }

    /// Stops skopeo (`Shutdown`) and waits for it; an open stream is closed first. Idempotent.
    /// - Throws: `ToolError(.subprocess)` when skopeo exits with an error.
    public func shutdown() throws {
        guard !stopped else { return }
        activePipe?.stream?.close()
        defer {
            stopped = true
            socket.close()
        }
        try discardAbandonedReplies()
        try socket.send(ProxyProtocol.encode("Shutdown", []))
        socket.close()
        let status = process.wait()
        guard status == 0 else {
            throw ToolError(.subprocess, "skopeo image proxy exited with status \(status): \(process.stderrSummary())")
        }
    }

    /// Sends one request and reads its reply; a failed reply throws `failure` with skopeo's message appended.
    /// Internal so that tests can ask skopeo which methods it answers.
    func call(
        _ method: String, _ args: [ProxyProtocol.Argument], failure: String
    ) throws -> (ProxyProtocol.Reply, OwnedFileDescriptor?) {
        guard !stopped else { throw ToolError(.invalidArgument, "the skopeo image proxy was shut down (\(method))") }
        if let activePipe {
            throw ToolError(
                .invalidArgument, "\(activePipe.label) is still being read; finish or close it before \(method)")
        }
        try discardAbandonedReplies()
        try socket.send(ProxyProtocol.encode(method, args))
        let (reply, file) = try receive(method)
        guard reply.success else {
            throw ToolError(Self.kind(ofProxyError: reply.error), "\(failure): \(reply.error)")
        }
        return (reply, file)
    }

    /// A stream over a reply's pipe; `FinishPipe` is sent at once (see the type's documentation).
    private func stream(
        reply: ProxyProtocol.Reply, file: OwnedFileDescriptor?, what: String, digest: Digest, size: UInt64?,
        verify: Bool
    ) throws -> BlobStream {
        guard reply.pipeid != 0, let file else {
            throw ToolError(.corrupt, "skopeo image proxy sent no pipe for \(digest) of \(what)")
        }
        let label = size == nil ? what : "blob \(digest) of \(what)"
        let pipe = ProxyPipe(client: self, id: reply.pipeid, label: label)
        do {
            try socket.send(ProxyProtocol.encode("FinishPipe", [.number(UInt64(reply.pipeid))]))
        } catch {
            file.close()
            throw ToolError(.subprocess, "cannot finish \(label): \(error)")
        }
        let stream = BlobStream(
            file: file, digest: digest, expectedSize: size, source: what, verifyDigest: verify, completion: pipe)
        pipe.stream = stream
        activePipe = pipe
        return stream
    }

    /// Drops a reply's pipe unread: `FinishPipe` is sent and its reply ignored.
    private func discard(reply: ProxyProtocol.Reply, file: OwnedFileDescriptor?) throws {
        file?.close()
        guard reply.pipeid != 0 else { return }
        try socket.send(ProxyProtocol.encode("FinishPipe", [.number(UInt64(reply.pipeid))]))
        repliesToDiscard += 1
    }

    /// Reads the `FinishPipe` reply of the active pipe, after its data ended.
    fileprivate func finish(_ pipe: ProxyPipe) throws {
        activePipe = nil
        let reply: ProxyProtocol.Reply
        do {
            (reply, _) = try receive("FinishPipe")
        } catch let error as ToolError {
            throw ToolError(error.kind, "cannot read \(pipe.label): \(error.message)")
        }
        guard reply.success else {
            throw ToolError(Self.kind(ofProxyError: reply.error), "cannot read \(pipe.label): \(reply.error)")
        }
    }

    /// Notes that a pipe was dropped early: its `FinishPipe` reply is read and ignored before the next request.
    fileprivate func abandon(_ pipe: ProxyPipe) {
        if activePipe === pipe { activePipe = nil }
        repliesToDiscard += 1
    }

    private func discardAbandonedReplies() throws {
        while repliesToDiscard > 0 {
            _ = try receive("FinishPipe")
            repliesToDiscard -= 1
        }
    }

    /// Reads one reply; the end of the socket (or a reset one) means skopeo exited, reported with its stderr.
    private func receive(_ method: String) throws -> (ProxyProtocol.Reply, OwnedFileDescriptor?) {
        let message = try? socket.receive(maxSize: ProxyProtocol.maxMessageSize, maxFileDescriptors: 2)
        guard let message else {
            stopped = true
            socket.close()
            let status = process.wait()
            throw ToolError(
                .subprocess,
                "skopeo image proxy exited (status \(status)) during \(method): \(process.stderrSummary())")
        }
        let reply = try ProxyProtocol.decodeReply(message.bytes, method: method)
        guard message.fileDescriptors.count <= 1, (reply.pipeid == 0) == message.fileDescriptors.isEmpty else {
            throw ToolError(
                .corrupt, "skopeo image proxy sent \(message.fileDescriptors.count) descriptors for \(method)")
        }
        return (reply, message.fileDescriptors.first)
    }

    /// What kind of failure skopeo's message describes: corrupt data, missing things, or anything else. Corrupt
    /// data is recognised first, and `404` only as a word of its own: messages carry digests and paths, whose hex
    /// can contain anything.
    static func kind(ofProxyError message: String) -> ToolError.Kind {
        let text = message.lowercased()
        if text.contains("corrupted blob") || text.contains("bytes in blob") { return .corrupt }
        let missing = ["no such file", "not found", "no descriptor found", "manifest unknown", "blob unknown", "name unknown"]
        if missing.contains(where: text.contains) { return .notFound }
        let words = text.split { !$0.isLetter && !$0.isNumber }
        return words.contains("404") ? .notFound : .subprocess
    }
}

/// One pipe handed out as a `BlobStream`, reporting its end or abandonment back to the client.
private final class ProxyPipe: BlobCompletion {
    let client: SkopeoProxyClient
    let id: UInt32
    let label: String
    weak var stream: BlobStream?

    init(client: SkopeoProxyClient, id: UInt32, label: String) {
        self.client = client
        self.id = id
        self.label = label
    }

    func complete() throws { try client.finish(self) }
    func abandon() { client.abandon(self) }
}
