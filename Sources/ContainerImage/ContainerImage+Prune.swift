import ArgumentParser
import Shared

extension ContainerImage {
    /// `container-image prune`: garbage-collect layer refs and objects.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete layer refs no stored image uses, then every object no ref reaches.")

        @OptionGroup var repo: RepoOptions
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            let report = try StorePrune.run(repo: repo.open())
            try ContainerImage.emit(report, json: json) { report.text }
        }
    }
}
