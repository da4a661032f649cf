import Shared
import Testing

private func layer(_ hexDigit: Character, _ size: UInt64) -> Descriptor {
    // A valid digest whose hex is one repeated digit, so sorting by hex is easy to read.
    let digest = (try? Digest(sha256Hex: String(repeating: hexDigit, count: 64))) ?? Digest.sha256([])
    return Descriptor(mediaType: MediaType.ociLayerTarGzip, digest: digest, size: size)
}

private func manifest(_ layers: [Descriptor]) -> Manifest {
    Manifest(config: Descriptor(mediaType: MediaType.ociConfig, digest: Digest.sha256([]), size: 2), layers: layers)
}

/// Format spec §5.4 rules on synthetic manifests (the spec's fixture manifests are not available here).
@Suite struct ManifestDiffTests {
    @Test func keyedByDigestSortedWithTotals() throws {
        let old = manifest([layer("e", 10), layer("b", 20), layer("1", 30)])
        // "b" stays, "f" is added twice (counted once, its size twice in the total), "3" is added.
        let new = manifest([layer("b", 20), layer("f", 40), layer("3", 50), layer("f", 40)])
        let diff = ManifestDiff(from: old, to: new)
        #expect(diff.removed.map(\.digest.encoded.first) == ["1", "e"])
        #expect(diff.added.map(\.digest.encoded.first) == ["3", "f"])
        #expect(diff.total == 3)
        #expect(diff.totalSize == 150)
        #expect(diff.removedCount == 2)
        #expect(diff.removedSize == 40)
        #expect(diff.addedCount == 2)
        #expect(diff.addedSize == 90)
        let json = #"{"added_size":90,"n_added":2,"n_removed":2,"removed_size":40,"total":3,"total_size":150}"#
        #expect(try CanonicalJSON.encode(diff) == Array(json.utf8))
    }

    @Test func digestsMatchAcrossMediaTypeAndSizeChanges() {
        var recompressed = layer("a", 99)
        recompressed.mediaType = MediaType.ociLayerTar
        let diff = ManifestDiff(from: manifest([layer("a", 10)]), to: manifest([recompressed]))
        #expect(diff.removed.isEmpty && diff.added.isEmpty)
        #expect(diff.total == 1 && diff.totalSize == 99)
    }

    @Test func identicalAndEmpty() {
        let same = manifest([layer("a", 1), layer("b", 2)])
        let diff = ManifestDiff(from: same, to: same)
        #expect(diff.removedCount == 0 && diff.addedCount == 0 && diff.total == 2 && diff.totalSize == 3)
        let fromNothing = ManifestDiff(from: manifest([]), to: same)
        #expect(fromNothing.addedCount == 2 && fromNothing.addedSize == 3 && fromNothing.removedSize == 0)
    }

    @Test func sizesSaturate() {
        let diff = ManifestDiff(from: manifest([]), to: manifest([layer("a", UInt64.max), layer("b", 1)]))
        #expect(diff.totalSize == UInt64.max)
    }

    @Test func summaryLines() {
        let diff = ManifestDiff(from: manifest([layer("a", 5)]), to: manifest([layer("b", 7)]))
        #expect(diff.summaryLines { "\($0) B" } == [
            "Total new layers: 1     Size: 7 B",
            "Removed layers:   1     Size: 5 B",
            "Added layers:     1     Size: 7 B",
        ])
        let many = ManifestDiff(from: manifest([]), to: manifest((0..<10).map { _ in layer("c", 1) }))
        #expect(many.summaryLines { "\($0)" }.first == "Total new layers: 1     Size: 10")
    }
}
