/// Opens the right `ImageSource` for an image reference.
public enum ImageSources {
    /// An `OCILayoutSource` for `oci:` (the fast path, no skopeo), a `ProxyImageSource` for every other
    /// transport (registries, `oci-archive:`, `containers-storage:`, `dir:`, `docker-archive:`).
    /// - Throws: as the chosen source's initializer: a missing image or tag is `ToolError(.notFound)`.
    public static func open(_ reference: ImageReference, options: ProxyOptions = ProxyOptions()) throws
        -> any ImageSource
    {
        if reference.transport == .ociDir {
            return try OCILayoutSource(OCILayoutReference(reference))
        }
        return try ProxyImageSource(reference, options: options)
    }
}
