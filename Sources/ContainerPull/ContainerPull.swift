import ArgumentParser
import Foundation
import Shared

@main
struct ContainerPull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container-pull",
        abstract: "Import the ostree commit of a container image into a repository.",
        discussion: """
            OSTREE-IMGREF names how the commit is verified, then the image: \
            ostree-remote-registry:REMOTE:NAME or ostree-remote-image:REMOTE:TRANSPORT:NAME (the commit's ostree \
            signature must verify with that remote's keys), ostree-image-signed:TRANSPORT:NAME (containers \
            policy.json must verify the image), ostree-unverified-registry:NAME or \
            ostree-unverified-image:TRANSPORT:NAME. Layers already in the repository are not fetched again.
            """)

    @OptionGroup var repo: RepoOptions
    @OptionGroup var registry: RegistryOptions

    @Option(help: "Also point this ref at the imported commit.")
    var ref: String?
    @Option(help: "Pull this architecture (Go spelling) from a multi-platform image; default: the host's.")
    var arch: String?
    @Flag(help: "Only check whether the image changed: fetch the manifest and config, no layer.")
    var check = false
    @Flag(name: .customLong("allow-non-usr"), help: "Keep derived-layer content outside /usr, /etc and /var.")
    var allowNonUsr = false
    @Flag(name: .shortAndLong, help: "Do not show progress.")
    var quiet = false
    @Flag(help: "Print the result as JSON.")
    var json = false

    @Argument(help: "The image, with how to verify it (see below).")
    var imgref: String

    static func main() async { await CommandMain.run(Self.self, names: ["container-pull"]) }

    func run() async throws {
        var options = PullOptions()
        options.ref = ref
        options.proxy = registry.proxyOptions
        options.quiet = quiet || json
        options.checkOnly = check
        options.allowNonUsr = allowNonUsr
        if let arch {
            guard let architecture = GoArch(spelling: arch) else { throw ValidationError("unknown architecture '\(arch)'") }
            options.architecture = architecture
        }
        let report = try ImagePuller.pull(
            repo: try repo.open(), reference: try OstreeImageReference(parsingPullTarget: imgref), options: options)
        if json {
            try JSONOutput.print(report)
        } else if check {
            print(report.updateAvailable == true ? report.manifestDigest : "No changes in \(imgref) => \(report.manifestDigest)")
        } else {
            if !quiet { PullSummary.print(report) }
            print("Imported: \(report.commit)")
        }
    }
}
