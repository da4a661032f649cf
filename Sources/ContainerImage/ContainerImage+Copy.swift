import ArgumentParser
import Shared

extension ContainerImage {
    /// `container-image copy`: copy a stored image into another repository.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a stored image, with its layers and merge commit, into another repository.")

        @Option(name: .customLong("src-repo"), help: "The repository that stores the image.") var sourceRepo: String
        @Option(name: .customLong("dest-repo"), help: "The repository to copy it into.") var destinationRepo: String
        @Flag(help: "Print the result as JSON.") var json = false
        @Argument(help: "The image.") var imgref: String
        @Argument(help: "The name to store it under in the destination (default: IMGREF).") var destination: String?

        func run() async throws {
            let reference = try ImageReference(parsingStoreArgument: imgref)
            let target = try destination.map(ImageReference.init(parsingStoreArgument:))
            let report = try ImageCopy.copy(
                reference, from: Repo(path: sourceRepo), to: Repo(path: destinationRepo), as: target)
            try ContainerImage.emit(report, json: json) {
                "Copied: \(report.source) => \(report.destination) (\(report.mergeCommit))\n"
            }
        }
    }
}
