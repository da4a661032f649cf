import Foundation

/// The containers signature policy (`policy.json`) as `ostree-image-signed:` relies on it (format spec §5.3.3).
enum ContainerPolicy {
    static let defaultPath = "/etc/containers/policy.json"

    /// Refuses a policy whose default accepts anything: `ostree-image-signed` would then verify nothing.
    /// - Throws: `ToolError(.signature)` naming the file, or when it is missing or unreadable.
    static func requireVerifyingDefault(path: String = defaultPath) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError(.signature, "ostree-image-signed needs a containers policy, but \(path) cannot be read")
        }
        struct Policy: Decodable {
            struct Requirement: Decodable { let type: String }
            let `default`: [Requirement]
        }
        guard let policy = try? JSONDecoder().decode(Policy.self, from: data) else {
            throw ToolError(.signature, "cannot read the containers policy \(path)")
        }
        if policy.default.count == 1, policy.default.first?.type == "insecureAcceptAnything" {
            throw ToolError(
                .signature,
                "\(path) specifies a default of insecureAcceptAnything; refusing ostree-image-signed (it would verify nothing)")
        }
    }
}
