import ArgumentParser
import Shared

/// `ostree container-image`: the image store that `container-pull` fills (list, inspect, remove, prune, copy,
/// re-export, deploy).
@main
struct ContainerImage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container-image",
        abstract: "Inspect and manage the container images stored in an ostree repository.",
        discussion: """
            IMGREF is the image as it was pulled, in transport form (docker://quay.io/os:latest, \
            oci:/srv/layout:v1); an ostree image reference (ostree-unverified-image:oci:/srv/layout:v1) names its \
            image part.
            """,
        subcommands: [
            List.self, Metadata.self, History.self, Remove.self, Prune.self, Copy.self, ReexportCommand.self,
            DeployCommand.self,
        ])

    static func main() async { await CommandMain.run(Self.self, names: ["container-image"]) }
}
