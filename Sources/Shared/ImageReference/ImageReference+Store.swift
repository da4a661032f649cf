extension ImageReference {
    /// Parses an image as the image-store commands (`container-image metadata`, `remove`, `copy` …) take it: a
    /// transport reference (`docker://quay.io/os:latest`, `oci:/srv/layout:v1`), as ostree-ext's `container image`
    /// commands do, or an ostree image reference (`ostree-unverified-image:oci:/srv/layout:v1`), whose image part
    /// is used, so the reference a pull was given names the image it stored.
    ///
    /// Text whose transport token starts with `ostree-` is parsed as an `OstreeImageReference`, anything else as an
    /// `ImageReference`.
    /// - Throws: `ToolError(.invalidArgument)` with the parsing error of the form it was read as.
    public init(parsingStoreArgument text: String) throws {
        if let (token, _) = text.splitOnce(at: ":"), token.hasPrefix("ostree-") {
            self = try OstreeImageReference(parsing: text).imageReference
        } else {
            try self.init(parsing: text)
        }
    }
}
