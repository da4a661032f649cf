import Foundation
import Testing

@testable import Shared

/// Re-export's edits of stored manifests and configs: only the layer fields change, everything else survives, and
/// an edit that changes nothing keeps the stored bytes.
@Suite struct StoredDocumentEditTests {
    static let layerA = Digest.sha256(Array("a".utf8))
    static let layerB = Digest.sha256(Array("b".utf8))
    static let config = Digest.sha256(Array("config".utf8))

    /// A manifest in another JSON style (spaces, member order) with a field this package does not model.
    static let manifest = """
        { "schemaVersion": 2, "x-vendor": {"keep": [1, true]},
          "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "\(config)", "size": 6},
          "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "\(layerA)", "size": 1,
                      "annotations": {"ostree.components": "bash"}}],
          "annotations": {"ostree.final-diffid": "sha256:old", "other": "x"} }
        """

    func descriptor(_ digest: Digest, size: UInt64) -> Descriptor {
        Descriptor(mediaType: "ignored", digest: digest, size: size)
    }

    @Test func anUnchangedManifestKeepsItsBytes() throws {
        let stored = Array(Self.manifest.utf8)
        let edited = try StoredDocumentEdit.manifest(
            stored, image: "oci:x", config: descriptor(Self.config, size: 6),
            layers: [descriptor(Self.layerA, size: 1)],
            annotations: [ImageLabels.finalDiffID: "sha256:old"])
        #expect(edited == stored)
    }

    @Test func aChangedManifestKeepsEveryOtherMemberAndIsCanonical() throws {
        let newConfig = Digest.sha256(Array("new config".utf8))
        let edited = try StoredDocumentEdit.manifest(
            Array(Self.manifest.utf8), image: "oci:x", config: descriptor(newConfig, size: 10),
            layers: [descriptor(Self.layerB, size: 2)],
            annotations: ["ostree.final-diffid": "sha256:new", "absent": "y"])
        let expected =
            #"{"annotations":{"ostree.final-diffid":"sha256:new","other":"x"},"#
            + #""config":{"digest":"\#(newConfig)","mediaType":"application/vnd.oci.image.config.v1+json","size":10},"#
            + #""layers":[{"annotations":{"ostree.components":"bash"},"digest":"\#(Self.layerB)","#
            + #""mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":2}],"#
            + #""schemaVersion":2,"x-vendor":{"keep":[1,true]}}"#
        #expect(String(decoding: edited, as: UTF8.self) == expected, "only existing annotations are replaced")
    }

    @Test func theConfigGetsNewDiffIDsAndKeepsItsHistory() throws {
        let stored = Array(
            #"{"architecture":"amd64","os":"linux","config":{"Labels":{"ostree.final-diffid":"sha256:old"}},"rootfs":{"type":"layers","diff_ids":["\#(Self.layerA)"]},"history":[{"created_by":"base"}]}"#
                .utf8)
        #expect(try StoredDocumentEdit.config(stored, image: "oci:x", diffIDs: [Self.layerA], labels: [:]) == stored)
        let edited = try StoredDocumentEdit.config(
            stored, image: "oci:x", diffIDs: [Self.layerB], labels: [ImageLabels.finalDiffID: Self.layerB.description])
        let config = try JSONDecoder().decode(ImageConfig.self, from: Data(edited))
        #expect(config.rootfs.diffIDs == [Self.layerB])
        #expect(config.config?.labels == [ImageLabels.finalDiffID: Self.layerB.description])
        #expect(config.history == [ImageConfig.History(createdBy: "base")])
    }

    @Test func aManifestWithOtherLayersIsRefused() throws {
        #expect(throws: ToolError.self) {
            try StoredDocumentEdit.manifest(
                Array(Self.manifest.utf8), image: "oci:x", config: descriptor(Self.config, size: 6), layers: [],
                annotations: [:])
        }
    }
}
