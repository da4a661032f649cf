/// Edits of a stored manifest or config for re-export: the layers change, every other member stays as stored.
///
/// The stored bytes are parsed into an order-keeping tree (so unknown fields survive), the edit is applied, and
/// the result is written as canonical JSON, which is how this package and ostree-ext write these documents. An
/// edit that changes nothing returns the stored bytes themselves, so the digest stays the one that was pulled
/// whatever JSON style the image's producer used.
enum StoredDocumentEdit {
    /// The manifest with the config descriptor's and each layer descriptor's `digest` and `size` replaced (media
    /// types, annotations and other members of the descriptors kept), and the `annotations` named in
    /// `annotations` replaced where present.
    /// - Throws: `ToolError(.corrupt)` naming `image` when the stored manifest is not valid JSON or its layer count
    ///   differs from `layers`.
    static func manifest(
        _ stored: [UInt8], image: String, config: Descriptor, layers: [Descriptor], annotations: [String: String]
    ) throws -> [UInt8] {
        let original = try parse(stored, what: "manifest", image: image)
        var document = original
        guard case .array(var entries)? = document[member: "layers"], entries.count == layers.count else {
            throw ToolError(.corrupt, "the stored manifest of image \(image) does not list \(layers.count) layers")
        }
        for (index, layer) in layers.enumerated() { setBlob(&entries[index], layer) }
        document[member: "layers"] = .array(entries)
        if var entry = document[member: "config"] {
            setBlob(&entry, config)
            document[member: "config"] = entry
        }
        replaceExisting(&document[member: "annotations"], annotations)
        return document == original ? stored : try canonical(document)
    }

    /// The config with `rootfs.diff_ids` replaced and the `config.Labels` named in `labels` replaced where present.
    /// - Throws: `ToolError(.corrupt)` naming `image` when the stored config is not valid JSON or has no `rootfs`.
    static func config(_ stored: [UInt8], image: String, diffIDs: [Digest], labels: [String: String]) throws -> [UInt8]
    {
        let original = try parse(stored, what: "config", image: image)
        var document = original
        guard var rootfs = document[member: "rootfs"] else {
            throw ToolError(.corrupt, "the stored config of image \(image) has no rootfs")
        }
        rootfs[member: "diff_ids"] = .array(diffIDs.map { .string($0.description) })
        document[member: "rootfs"] = rootfs
        if var config = document[member: "config"] {
            replaceExisting(&config[member: "Labels"], labels)
            document[member: "config"] = config
        }
        return document == original ? stored : try canonical(document)
    }

    private static func setBlob(_ entry: inout JSONValue, _ descriptor: Descriptor) {
        entry[member: "digest"] = .string(descriptor.digest.description)
        entry[member: "size"] = .unsigned(descriptor.size)
    }

    /// Replaces the members of the object `map` that `values` names; adds none.
    private static func replaceExisting(_ map: inout JSONValue?, _ values: [String: String]) {
        for (key, value) in values where map?[member: key] != nil { map?[member: key] = .string(value) }
    }

    private static func parse(_ bytes: [UInt8], what: String, image: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw ToolError(.corrupt, "the stored \(what) of image \(image) is not valid JSON: \(error)")
        }
    }

    private static func canonical(_ document: JSONValue) throws -> [UInt8] {
        var out: [UInt8] = []
        try CanonicalJSON.write(document, into: &out)
        return out
    }
}
