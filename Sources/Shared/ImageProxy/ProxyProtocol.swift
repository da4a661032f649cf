import Foundation

/// The messages of skopeo's `experimental-image-proxy` (skopeo `cmd/skopeo/proxy.go`, protocol 0.2.x).
///
/// One request per SEQPACKET message, `{"method":"…","args":[…]}`; one reply per request,
/// `{"success":…,"value":…,"pipeid":…,"error":"…"}`, with the read end of a pipe passed as `SCM_RIGHTS` when
/// `pipeid` is not 0. The data on a pipe ends only after `FinishPipe` for that `pipeid`, whose reply carries the
/// writer's error (digest or size mismatch, network failure).
enum ProxyProtocol {
    /// The largest message either side sends (skopeo's `maxMsgSize`).
    static let maxMessageSize = 32 * 1024
    /// The oldest protocol this client speaks: 0.2.3 added `GetFullConfig`. Any 0.2.x from there on is accepted
    /// (a 0.x minor bump may break, as semver allows).
    static let minimumVersion = (major: 0, minor: 2, patch: 3)

    /// One method call.
    struct Request: Encodable {
        let method: String
        let args: [Argument]
    }

    /// A request argument: the proxy takes strings and (JSON) numbers.
    enum Argument: Encodable {
        case string(String)
        case number(UInt64)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            }
        }
    }

    /// A method's reply.
    struct Reply: Decodable {
        let success: Bool
        let value: Value
        let pipeid: UInt32
        let error: String

        private enum CodingKeys: String, CodingKey { case success, value, pipeid, error }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            success = try container.decode(Bool.self, forKey: .success)
            value = try container.decodeIfPresent(Value.self, forKey: .value) ?? .null
            pipeid = try container.decodeIfPresent(UInt32.self, forKey: .pipeid) ?? 0
            error = try container.decodeIfPresent(String.self, forKey: .error) ?? ""
        }
    }

    /// A reply's `value`: what the methods return (a version or digest string, an image id or blob size, null).
    enum Value: Decodable, Equatable {
        case null
        case string(String)
        case integer(Int64)
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let number = try? container.decode(Int64.self) {
                self = .integer(number)
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .other
            }
        }
    }

    /// The bytes of a request message.
    static func encode(_ method: String, _ args: [Argument]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(Request(method: method, args: args)))
    }

    /// Decodes a reply message.
    /// - Throws: `ToolError(.corrupt)` naming the method when it is not a reply object.
    static func decodeReply(_ bytes: [UInt8], method: String) throws -> Reply {
        do {
            return try JSONDecoder().decode(Reply.self, from: Data(bytes))
        } catch {
            let text = String(decoding: bytes.prefix(200), as: UTF8.self)
            throw ToolError(.corrupt, "skopeo proxy sent an invalid reply to \(method): \(text)")
        }
    }

    /// Whether `version` (`MAJOR.MINOR.PATCH`, as `Initialize` returns it) is a 0.2.x from 0.2.3 on.
    static func isSupported(version: String) -> Bool {
        let core = version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? version
        let parts = core.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let major = parts[0], let minor = parts[1], let patch = parts[2] else { return false }
        let minimum = minimumVersion
        return major == minimum.major && minor == minimum.minor && patch >= minimum.patch
    }
}
