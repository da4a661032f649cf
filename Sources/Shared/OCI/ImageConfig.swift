/// An image configuration blob (OCI `specs-go/v1/config.go` `Image`; Docker configs decode too, their extra keys
/// ignored).
///
/// Dates are kept as the RFC 3339 strings of the JSON (`2021-01-01T00:00:00Z`), never as `Date`, so that
/// encoding is exact and canonical JSON stays float-free.
public struct ImageConfig: Codable, Hashable, Sendable {
    /// Creation time, RFC 3339.
    public var created: String?
    /// Author of the image.
    public var author: String?
    /// CPU architecture in Go naming (`amd64` …).
    public var architecture: String
    /// Operating system (`linux`).
    public var os: String
    /// CPU variant.
    public var variant: String?
    /// Execution defaults for a container (JSON key `config`).
    public var config: ContainerConfig?
    /// The layer diff IDs.
    public var rootfs: RootFS
    /// One entry per layer (ostree-ext writes exactly one per layer, none empty).
    public var history: [History]?

    /// A config; optional fields default to absent.
    public init(
        created: String? = nil, author: String? = nil, architecture: String, os: String, variant: String? = nil,
        config: ContainerConfig? = nil, rootfs: RootFS, history: [History]? = nil
    ) {
        self.created = created
        self.author = author
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.config = config
        self.rootfs = rootfs
        self.history = history
    }

    /// The `rootfs` object: `{"type":"layers","diff_ids":[…]}`.
    public struct RootFS: Codable, Hashable, Sendable {
        /// Always `layers`.
        public var type: String
        /// SHA-256 of each *uncompressed* layer tar, in layer order (JSON key `diff_ids`).
        public var diffIDs: [Digest]

        private enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }

        /// A rootfs of type `layers`.
        public init(type: String = "layers", diffIDs: [Digest]) {
            self.type = type
            self.diffIDs = diffIDs
        }
    }

    /// One `history` entry (JSON keys `created`, `created_by`, `author`, `comment`, `empty_layer`).
    public struct History: Codable, Hashable, Sendable {
        /// When the layer was created, RFC 3339.
        public var created: String?
        /// The command or description that created the layer (ostree-ext: the chunk name).
        public var createdBy: String?
        /// Author of the layer.
        public var author: String?
        /// Free-form comment.
        public var comment: String?
        /// Whether the entry created no layer.
        public var emptyLayer: Bool?

        private enum CodingKeys: String, CodingKey {
            case created, author, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }

        /// A history entry; every field defaults to absent.
        public init(
            created: String? = nil, createdBy: String? = nil, author: String? = nil, comment: String? = nil,
            emptyLayer: Bool? = nil
        ) {
            self.created = created
            self.createdBy = createdBy
            self.author = author
            self.comment = comment
            self.emptyLayer = emptyLayer
        }
    }
}

/// The `config` object of an image config: execution defaults. JSON keys are capitalized as in the OCI spec
/// (`User`, `ExposedPorts`, `Env`, `Entrypoint`, `Cmd`, `Volumes`, `WorkingDir`, `Labels`, `StopSignal`);
/// this is also the shape of encapsulate's `--config` file.
public struct ContainerConfig: Codable, Hashable, Sendable {
    /// `User`: user name or UID (and optional group).
    public var user: String?
    /// `ExposedPorts`: `{"80/tcp":{}}`.
    public var exposedPorts: [String: EmptyObject]?
    /// `Env`: `NAME=value` entries.
    public var env: [String]?
    /// `Entrypoint`.
    public var entrypoint: [String]?
    /// `Cmd`: ostree-ext fills it from `--cmd` or the commit's `ostree.container-cmd`.
    public var cmd: [String]?
    /// `Volumes`: `{"/data":{}}`.
    public var volumes: [String: EmptyObject]?
    /// `WorkingDir`.
    public var workingDir: String?
    /// `Labels`: the ostree labels (`ostree.commit`, `ostree.final-diffid`, …) live here.
    public var labels: [String: String]?
    /// `StopSignal` (e.g. `SIGRTMIN+3`).
    public var stopSignal: String?

    private enum CodingKeys: String, CodingKey {
        case user = "User"
        case exposedPorts = "ExposedPorts"
        case env = "Env"
        case entrypoint = "Entrypoint"
        case cmd = "Cmd"
        case volumes = "Volumes"
        case workingDir = "WorkingDir"
        case labels = "Labels"
        case stopSignal = "StopSignal"
    }

    /// A container config; every field defaults to absent.
    public init(
        user: String? = nil, exposedPorts: [String: EmptyObject]? = nil, env: [String]? = nil,
        entrypoint: [String]? = nil, cmd: [String]? = nil, volumes: [String: EmptyObject]? = nil,
        workingDir: String? = nil, labels: [String: String]? = nil, stopSignal: String? = nil
    ) {
        self.user = user
        self.exposedPorts = exposedPorts
        self.env = env
        self.entrypoint = entrypoint
        self.cmd = cmd
        self.volumes = volumes
        self.workingDir = workingDir
        self.labels = labels
        self.stopSignal = stopSignal
    }
}

/// The JSON value `{}`, as used for the members of `ExposedPorts` and `Volumes`. Decoding accepts any value.
public struct EmptyObject: Codable, Hashable, Sendable {
    private struct NoKeys: CodingKey {
        var stringValue: String { "" }
        var intValue: Int? { nil }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { nil }
    }

    /// The empty object.
    public init() {}

    /// Accepts any JSON value and ignores it.
    public init(from decoder: any Decoder) throws {}

    /// Encodes `{}`.
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
}
