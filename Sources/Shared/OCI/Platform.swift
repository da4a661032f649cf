/// The platform an image runs on, as in an index entry (OCI `specs-go/v1/descriptor.go` `Platform`).
public struct Platform: Codable, Hashable, Sendable {
    /// CPU architecture in Go naming (`amd64`, `arm64`, …); see `GoArch`.
    public var architecture: String
    /// Operating system, `linux` for everything ostree-ext writes.
    public var os: String
    /// OS version (JSON key `os.version`).
    public var osVersion: String?
    /// Required OS features (JSON key `os.features`).
    public var osFeatures: [String]?
    /// CPU variant (`v8` …).
    public var variant: String?

    private enum CodingKeys: String, CodingKey {
        case architecture, os, variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    /// A platform; optional fields default to absent.
    public init(
        architecture: String, os: String, osVersion: String? = nil, osFeatures: [String]? = nil,
        variant: String? = nil
    ) {
        self.architecture = architecture
        self.os = os
        self.osVersion = osVersion
        self.osFeatures = osFeatures
        self.variant = variant
    }
}
