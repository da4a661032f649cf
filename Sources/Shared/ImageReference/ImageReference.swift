/// A container image reference, `TRANSPORT:NAME` (format spec §6.2), e.g. `docker://quay.io/exampleos/os:latest`
/// or `oci:/srv/layout:tag`.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// How the image is reached.
    public var transport: Transport
    /// Everything after the transport (for a registry: without the `//` of `docker://`).
    public var name: String

    /// A reference from its parts.
    public init(transport: Transport, name: String) {
        self.transport = transport
        self.name = name
    }

    /// Parses `TRANSPORT:NAME`, exactly as ostree-ext does:
    /// 1. split at the first `:` (`Missing ':' in <s>`);
    /// 2. read the transport token (`Unknown transport '<t>'`);
    /// 3. the name must not be empty (`Invalid empty name in <s>`), checked before step 4;
    /// 4. for the token `docker`, the name must start with `//`, which is removed (`Missing // in docker:// in <s>`).
    ///
    /// So `docker://` alone gives an empty name, and `registry://x` keeps `//x`.
    /// - Throws: `ToolError(.invalidArgument)` with the messages above.
    public init(parsing text: String) throws {
        guard let (token, rest) = text.splitOnce(at: ":") else {
            throw ToolError(.invalidArgument, "Missing ':' in \(text)")
        }
        transport = try Transport(parsing: token)
        guard !rest.isEmpty else { throw ToolError(.invalidArgument, "Invalid empty name in \(text)") }
        if token == "docker" {
            guard let stripped = rest.strippingPrefix("//") else {
                throw ToolError(.invalidArgument, "Missing // in docker:// in \(text)")
            }
            name = stripped
        } else {
            name = rest
        }
    }

    /// The display form: transport prefix and name, so `registry:X` displays as `docker://X`.
    public var description: String { "\(transport)\(name)" }
}
