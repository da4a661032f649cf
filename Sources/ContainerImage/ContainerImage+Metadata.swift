import ArgumentParser
import Foundation
import Shared

extension ContainerImage {
    /// `container-image metadata`: the stored manifest or config, byte for byte.
    struct Metadata: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the stored manifest (or config) JSON of an image, exactly as it was pulled.")

        @OptionGroup var repo: RepoOptions
        @Flag(help: "Print the image config instead of the manifest.") var config = false
        @Argument(help: "The image.") var imgref: String

        func run() async throws {
            let reference = try ImageReference(parsingStoreArgument: imgref)
            let image = try StoredImage.require(repo: repo.open(), reference: reference)
            try FileHandle.standardOutput.write(contentsOf: image.metadataBytes(config: config))
        }
    }
}
