/// Ref names of the image store inside a repository (format spec §5.3.1), compatible with ostree-ext.
public enum StoreRefs {
    /// `ostree/container/blob/<escaped sha256:hex>`: the commit a layer was imported as.
    public static func layer(_ digest: Digest) throws -> String {
        try RefEscape.escape(digest.description, prefix: ImageLabels.layerRefPrefix)
    }

    /// `ostree/container/image/<escaped reference>`: the merge commit of a pulled image.
    public static func image(_ reference: ImageReference) throws -> String {
        try RefEscape.escape(reference.description, prefix: ImageLabels.imageRefPrefix)
    }

    /// The image reference an image ref names.
    public static func imageReference(fromRef ref: String) throws -> ImageReference {
        try ImageReference(parsing: RefEscape.unescape(ref, prefix: ImageLabels.imageRefPrefix))
    }
}
