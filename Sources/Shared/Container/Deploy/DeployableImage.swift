/// What an image must be for a machine to boot it (format spec §5.3.3 step 4): labelled bootable, and built for
/// the machine's architecture.
public enum DeployableImage {
    /// Checks the config of `image` (the image's name, for errors) against this machine.
    /// - Throws: `ToolError(.unsupported)` when the config has neither the `ostree.bootable` nor the
    ///   `containers.bootc` label, or another architecture than the host's; `ToolError(.corrupt)` when there is no
    ///   config.
    public static func check(_ config: ImageConfig?, image: String) throws {
        guard let config else { throw ToolError(.corrupt, "image \(image) has no config to check it is bootable") }
        let labels = config.config?.labels ?? [:]
        guard labels[ImageLabels.bootable] != nil || labels[ImageLabels.bootc] != nil else {
            throw ToolError(
                .unsupported,
                "image \(image) is not bootable: it has neither the \(ImageLabels.bootable) nor the "
                    + "\(ImageLabels.bootc) label")
        }
        let host = try GoArch.host().rawValue
        guard config.architecture == host else {
            throw ToolError(.unsupported, "image \(image) is for \(config.architecture), but this machine is \(host)")
        }
    }
}
