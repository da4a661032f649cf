/// The labels an image gets from its commit (format spec §5.2 step 2), before `ostree.final-diffid`.
enum CommitLabels {
    static func labels(
        commit: Checksum, metadata: [String: VariantValue], options: EncapsulateOptions
    ) throws -> [String: String] {
        var labels: [String: String] = [:]
        for key in options.copyMetadata {
            guard let value = metadata[key] else {
                throw ToolError(.notFound, "commit \(commit) has no metadata key '\(key)' (--copymeta)")
            }
            guard let text = value.stringValue else {
                throw ToolError(.invalidArgument, "commit metadata '\(key)' of \(commit) is not a string (--copymeta)")
            }
            labels[key] = text
        }
        for key in options.copyMetadataOptional {
            if let text = metadata[key]?.stringValue { labels[key] = text }
        }
        if case .bool(let bootable)? = metadata[ImageLabels.bootable] {
            labels[ImageLabels.bootable] = bootable ? "true" : "false"
            labels[ImageLabels.bootc] = "1"
        }
        if let linux = metadata[ImageLabels.linux]?.stringValue { labels[ImageLabels.linux] = linux }
        if let version = metadata["version"]?.stringValue {
            labels[ImageLabels.version] = version
            if options.legacyVersionLabel { labels[ImageLabels.legacyVersion] = version }
        }
        labels[ImageLabels.commit] = commit.hex
        let user = options.contentMeta?.mergedLabels(over: options.labels) ?? options.labels
        labels.merge(user) { $1 }
        for (key, value) in labels where (key + value).unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw ToolError(.invalidArgument, "label '\(key)' contains a control character, which image JSON cannot carry")
        }
        return labels
    }
}
