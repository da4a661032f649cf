import ArgumentParser
import Shared

extension ContainerImage {
    /// `container-image list`: one line per stored image.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the stored images.",
            discussion: """
                Prints one line per image, in aligned columns: reference, manifest digest, version label, the \
                ostree commit the image carries, the merge commit, and the config's created time ('-' when \
                absent).
                """)

        @OptionGroup var repo: RepoOptions
        @Flag(help: "Print a JSON array of objects instead.") var json = false

        func run() async throws {
            let images = try ImageSummary.list(repo: repo.open())
            try ContainerImage.emit(images, json: json) { TextTable.render(images.map(\.columns)) }
        }
    }
}
