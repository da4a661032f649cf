import ArgumentParser
import Shared

struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Pull a bootable container image into a sysroot and deploy it.",
        discussion: """
            OSTREE-IMGREF names how the commit is verified, then the image, as for container-pull. The image must \
            carry the ostree.bootable or containers.bootc label and be built for this machine's architecture. The \
            deployment's origin records the image (or --target-imgref) under container-image-reference.
            """)

    @Option(help: "Path to the system root.")
    var sysroot = "/"
    @Option(help: "The stateroot (os-init name) to deploy into.")
    var stateroot = "default"
    @Option(name: .customLong("target-imgref"), help: "Record this ostree image reference instead of the pulled one.")
    var targetImgref: String?
    @Option(
        name: .customLong("karg"), help: "Kernel argument of the deployment (repeatable; default: the current ones).")
    var kargs: [String] = []
    @OptionGroup var registry: RegistryOptions
    @Flag(name: .shortAndLong, help: "Do not show progress.")
    var quiet = false
    @Flag(help: "Print the result as JSON.")
    var json = false

    @Argument(help: "The image, with how to verify it.")
    var imgref: String

    func run() async throws {
        var options = ImageDeploy.Options()
        options.stateroot = stateroot
        options.targetReference = try targetImgref.map { try OstreeImageReference(parsingPullTarget: $0) }
        options.kernelArguments = kargs.isEmpty ? nil : kargs
        options.proxy = registry.proxyOptions
        options.quiet = quiet || json
        let report = try ImageDeploy.run(
            sysrootPath: sysroot, reference: try OstreeImageReference(parsingPullTarget: imgref), options: options)
        if json {
            try JSONOutput.print(report)
        } else {
            if !quiet { PullSummary.print(report.pull) }
            print("Deployed: \(report.commit) (\(report.deployment))")
        }
    }
}
