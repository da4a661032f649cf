import ArgumentParser
import Shared

extension ContainerImage {
    /// `container-image remove`: delete images, then garbage-collect.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove images from the store, then prune layers and objects no other image uses.",
            discussion: "Nothing is removed when any IMGREF is not stored.")

        @OptionGroup var repo: RepoOptions
        @Flag(name: .customLong("skip-gc"), help: "Only delete the image refs; do not prune.") var skipGC = false
        @Flag(help: "Print the result as JSON.") var json = false
        @Argument(help: "The images.") var imgrefs: [String]

        func validate() throws {
            if imgrefs.isEmpty { throw ValidationError("give at least one IMGREF") }
        }

        func run() async throws {
            let references = try imgrefs.map(ImageReference.init(parsingStoreArgument:))
            let report = try ImageRemoval.remove(references, repo: repo.open(), prune: !skipGC)
            try ContainerImage.emit(report, json: json) {
                report.removed.map { "Removed: \($0)\n" }.joined() + (report.prune?.text ?? "")
            }
        }
    }
}
