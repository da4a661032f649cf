import ArgumentParser
import Shared

extension ContainerImage {
    /// `container-image history`: the config history with layer sizes, as `podman history` shows it.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the history of an image, newest first, with the size of each layer.")

        @OptionGroup var repo: RepoOptions
        @Flag(name: .customLong("no-trunc"), help: "Do not shorten CREATED BY.") var noTruncate = false
        @Flag(help: "Print a JSON array of objects instead.") var json = false
        @Argument(help: "The image.") var imgref: String

        func run() async throws {
            let reference = try ImageReference(parsingStoreArgument: imgref)
            let history = ImageHistory(image: try StoredImage.require(repo: repo.open(), reference: reference))
            try ContainerImage.emit(history.entries, json: json) {
                TextTable.render(history.rows(createdByWidth: noTruncate ? nil : 45))
            }
        }
    }
}
