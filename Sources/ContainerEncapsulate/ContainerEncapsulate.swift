import ArgumentParser
import Foundation
import Shared

@main
struct ContainerEncapsulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container-encapsulate",
        abstract: "Wrap an ostree commit as an OCI container image.",
        discussion: """
            IMGREF is oci:DIR[:TAG] or oci-archive:FILE[:TAG] (written directly), or any skopeo destination \
            (registry:/docker://, containers-storage:, docker-archive:, dir:), pushed with skopeo copy. The image \
            is chunked by package (content metadata, the dpkg database, else paths) and is reproducible: the same \
            commit and options give the same manifest digest.
            """)

    @OptionGroup var repo: RepoOptions
    @OptionGroup var registry: RegistryOptions

    @Option(name: [.short, .customLong("label")], help: "Add a label KEY=VALUE (repeatable).")
    var labels: [String] = []
    @Option(name: .customLong("copymeta"), help: "Copy this commit metadata string to a label (must exist).")
    var copyMetadata: [String] = []
    @Option(name: .customLong("copymeta-opt"), help: "Copy this commit metadata string to a label if present.")
    var copyMetadataOptional: [String] = []
    @Option(help: "Command of the image (repeatable; default: commit metadata ostree.container-cmd).")
    var cmd: [String] = []
    @Option(help: "Entrypoint of the image (repeatable).")
    var entrypoint: [String] = []
    @Option(help: "Environment variable KEY=VALUE (repeatable).")
    var env: [String] = []
    @Option(help: "Exposed port PORT[/PROTO] (repeatable).")
    var expose: [String] = []
    @Option(help: "Volume path (repeatable).")
    var volume: [String] = []
    @Option(help: "Working directory.")
    var workdir: String?
    @Option(help: "An OCI image config object (JSON file) to start from.")
    var config: String?
    @Option(help: "Architecture in Go spelling (default: the host's).")
    var arch: String?
    @Option(name: .customLong("max-layers"), help: "The most layers besides the commit layer (default 64).")
    var maxLayers: Int?
    @Option(help: "ostree-ext content metadata JSON mapping objects to components.")
    var contentmeta: String?
    @Option(help: "Layer compression: gzip (default), zstd or none.")
    var compression = "gzip"
    @Flag(name: .customLong("compression-fast"), help: "Compress at level 1.")
    var compressionFast = false
    @Flag(name: .customLong("single-layer"), help: "Put the whole commit in one layer.")
    var singleLayer = false
    @Flag(name: .customLong("legacy-version-label"), help: "Also write the label 'version'.")
    var legacyVersionLabel = false
    @Flag(help: "Print the result as JSON.")
    var json = false

    @Argument(help: "Commit to wrap: a ref, a full or abbreviated checksum, or REF^.")
    var rev: String
    @Argument(help: "Destination image reference.")
    var imgref: String

    static func main() async { await CommandMain.run(Self.self, names: ["container-encapsulate"]) }

    func run() async throws {
        let report = try EncapsulateCommand.run(
            repoPath: repo.path, rev: rev, destination: imgref, options: try options())
        if json {
            try JSONOutput.print(report)
        } else {
            print(report.digest)
        }
    }

    private func options() throws -> EncapsulateOptions {
        var options = EncapsulateOptions()
        for label in labels {
            let (key, value) = try ContentMeta.parseLabel(label)
            options.labels[key] = value
        }
        options.copyMetadata = copyMetadata
        options.copyMetadataOptional = copyMetadataOptional
        options.cmd = cmd.isEmpty ? nil : cmd
        options.entrypoint = entrypoint.isEmpty ? nil : entrypoint
        options.env = env
        options.exposedPorts = expose
        options.volumes = volume
        options.workingDir = workdir
        options.architecture = arch
        options.maxLayers = maxLayers
        options.singleLayer = singleLayer
        options.legacyVersionLabel = legacyVersionLabel
        options.registry = registry.proxyOptions
        options.baseConfig = try config.map { try ContainerConfigFile.read($0) }
        options.contentMeta = try contentmeta.map { try ContentMetaFile.read($0) }
        guard let kind = LayerCompression(rawValue: compression) else {
            throw ValidationError("unknown compression '\(compression)': use gzip, zstd or none")
        }
        options.compression = BlobCompression(kind, fast: compressionFast)
        return options
    }
}
