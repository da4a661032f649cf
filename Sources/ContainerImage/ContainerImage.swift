import ArgumentParser
import Shared

@main
struct ContainerImage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container-image",
        abstract: "Operate on the container image store of an ostree repository.",
        subcommands: [ReexportCommand.self, DeployCommand.self])

    static func main() async { await CommandMain.run(Self.self, names: ["container-image"]) }
}
