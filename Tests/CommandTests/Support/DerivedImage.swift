import Crypto
import Foundation
import Shared
import Testing

/// Builds container images the way `FROM base` + `RUN …` does: the base image's manifest and config with more
/// layers appended (gzip tars made from `TarEntries`), written as a new tag of an OCI layout.
enum DerivedImage {
    /// Appends one layer per entry list to the image `baseTag` of `layout` and tags the result `tag`.
    /// - Parameter base: `nil` for an image with no base at all (every layer derived, no ostree labels).
    static func write(layout: String, base baseTag: String?, tag: String, layers: [[TarEntries.Entry]], dir: TempDir) throws {
        let oci = OCILayout(path: layout)
        var manifest: Manifest
        var config: ImageConfig
        if let baseTag {
            manifest = try oci.manifest(tag: baseTag)
            config = try oci.config(tag: baseTag)
        } else {
            manifest = Manifest(mediaType: MediaType.ociManifest, config: Descriptor(mediaType: MediaType.ociConfig, digest: Digest.sha256([]), size: 0), layers: [])
            config = ImageConfig(created: "2024-01-01T00:00:00Z", architecture: try GoArch.host().rawValue, os: "linux", rootfs: .init(diffIDs: []), history: [])
        }
        let writer = try OCILayoutWriter(path: layout)
        for (index, entries) in layers.enumerated() {
            let tarPath = dir.sub("derived-\(tag)-\(index).tar")
            try TarEntries(entries).write(to: tarPath, format: .pax)
            let tar = try Data(contentsOf: URL(fileURLWithPath: tarPath))
            let gzipped = try Run.checked("gzip", ["-n", "-c", tarPath]).stdout
            let layer = try writer.writeBlob(Array(gzipped), mediaType: MediaType.ociLayerTarGzip)
            manifest.layers.append(layer)
            config.rootfs.diffIDs.append(Digest.sha256(Array(tar)))
            config.history = (config.history ?? []) + [ImageConfig.History(created: config.created, createdBy: "RUN step \(index)")]
        }
        manifest.config = try writer.writeBlob(CanonicalJSON.encode(config), mediaType: MediaType.ociConfig)
        var descriptor = try writer.writeBlob(CanonicalJSON.encode(manifest), mediaType: MediaType.ociManifest)
        descriptor.platform = Platform(architecture: config.architecture, os: "linux")
        try writer.setManifest(descriptor, tag: tag)
    }
}
