import Shared
import Testing

/// A component as ostree-ext's `test_advanced_packing` builds them: `pkg<n>.<version>`, name `pkg<n>`.
private func component(_ number: Int, _ frequency: UInt32, _ size: UInt64, version: Int = 0) -> ObjectSourceMeta {
    ObjectSourceMeta(
        identifier: "pkg\(number).\(version)", name: "pkg\(number)", srcid: "srcpkg\(number)",
        changeFrequency: frequency, size: size)
}

private let always = ObjectSourceMeta.alwaysChanges

/// The components of the first build (format spec §8.4 reference vector), in descending size order.
private let buildV0 = [
    component(1, always, 100_000), component(2, always, 99_999), component(3, 30, 99_998), component(4, 100, 99_997),
    component(10, 51, 1_000), component(8, 50, 500), component(9, 1, 200), component(11, 100_000, 199),
    component(6, 30, 2), component(7, 30, 1),
]

private let expectedV0 = [
    ["pkg3.0"], ["pkg4.0"], ["pkg6.0", "pkg7.0", "pkg11.0"], ["pkg9.0", "pkg8.0", "pkg10.0"], ["pkg1.0", "pkg2.0"], [],
]

private func identifiers(_ bins: [[ObjectSourceMeta]]) -> [[String]] {
    bins.map { $0.map(\.identifier) }
}

/// The manifest of a previous build with the given bins, as the Rust test's `create_manifest` makes it: a commit
/// layer, then one layer per bin whose `ostree.components` lists the names (identifiers up to the first `.`).
private func priorManifest(_ bins: [[String]]) throws -> Manifest {
    let annotations = ["ostree_commit"] + bins.map { bin in
        bin.map { String($0.split(separator: ".", maxSplits: 1)[0]) }.joined(separator: ",")
    }
    let layers = annotations.map { value in
        Descriptor(
            mediaType: MediaType.ociLayerTarGzip, digest: Digest.sha256(Array(value.utf8)), size: 100,
            annotations: [Packing.componentsAnnotation: value])
    }
    let config = Descriptor(mediaType: MediaType.ociConfig, digest: Digest.sha256([]), size: 7023)
    return Manifest(config: config, layers: layers)
}

private func expectInvalid(_ messagePart: String, _ body: () throws -> Void) {
    #expect {
        try body()
    } throws: { error in
        let error = error as? ToolError
        return error?.kind == .invalidArgument && error?.message.contains(messagePart) == true
    }
}

@Suite struct PackingTests {
    /// Rust `test_advanced_packing`, step 1 (N = 6).
    @Test func advancedPacking() throws {
        #expect(try identifiers(Packing.basicPacking(buildV0, maxBins: 6)) == expectedV0)
    }

    /// Rust `test_advanced_packing`, steps 2 and 3: the prior build's structure is kept (format spec §8.5).
    @Test func packingWithPriorBuild() throws {
        var buildV1 = buildV0
        buildV1[0].identifier = "pkg1.1"
        buildV1.removeLast()
        buildV1.append(component(5, 42, 100_000))
        let expectedV1 = [
            ["pkg3.0"], ["pkg4.0"], ["pkg6.0", "pkg11.0"], ["pkg9.0", "pkg8.0", "pkg10.0"], ["pkg1.1", "pkg2.0"],
            ["pkg5.0"],
        ]
        let packedV1 = try Packing.basicPacking(buildV1, maxBins: 6, priorBuild: priorManifest(expectedV0))
        #expect(identifiers(packedV1) == expectedV1)

        var buildV2 = buildV1
        buildV2[9].identifier = "pkg5.1"
        buildV2.append(component(12, 42, 100_000))
        let expectedV2 = Array(expectedV1.dropLast()) + [["pkg5.1", "pkg12.0"]]
        let packedV2 = try Packing.basicPacking(buildV2, maxBins: 6, priorBuild: priorManifest(expectedV1))
        #expect(identifiers(packedV2) == expectedV2)
    }

    @Test(arguments: [1, 0, 3, -1])
    func tooFewBinsIsAnError(_ maxBins: Int) {
        expectInvalid("at least 4") { _ = try Packing.basicPacking(buildV0, maxBins: maxBins) }
        expectInvalid("at least 4") { _ = try Packing.basicPacking([], maxBins: maxBins) }
    }

    /// Rust `test_packing_basics`.
    @Test(arguments: [4, 7])
    func noComponentsGiveNoBins(_ maxBins: Int) throws {
        #expect(try Packing.basicPacking([], maxBins: maxBins).isEmpty)
    }

    @Test func fewerComponentsThanBinsGetOneBinEach() throws {
        let components = Array(buildV0.prefix(3))
        let bins = try Packing.basicPacking(components, maxBins: 4)
        #expect(identifiers(bins) == [["pkg1.0"], ["pkg2.0"], ["pkg3.0"], []])
    }

    /// Rust panics when no component is left for the mean/standard deviation step; here there are simply no
    /// medium-size partitions.
    @Test func emptyRestAfterOutliers() throws {
        let components = (1...5).map { component($0, always, 1_000) } + [component(6, 7, 10)]
        let bins = try Packing.basicPacking(components, maxBins: 6)
        #expect(identifiers(bins) == [["pkg6.0"], ["pkg1.0", "pkg2.0", "pkg3.0", "pkg4.0", "pkg5.0"], []])
    }

    /// Every input packs into at most N bins with every component exactly once, whatever the partitions look like
    /// (empty rest, `per_bin` of zero or "negative", merging), where the Rust code could panic or spin.
    @Test func packingInvariantsHold() throws {
        var random = SplitMix64(seed: 42)
        let frequencies: [UInt32] = [1, 2, 30, 50, 100, 100_000, always]
        for round in 0..<400 {
            let count = Int(random.next() % 48)
            let maxBins = 4 + Int(random.next() % 12)
            let sizes = (0..<count).map { _ in random.next() % 3 == 0 ? 100 : random.next() % 100_000 }
                .sorted(by: >)
            let components = sizes.enumerated().map { index, size in
                component(index, frequencies[Int(random.next() % UInt64(frequencies.count))], size)
            }
            let bins = try Packing.basicPacking(components, maxBins: maxBins)
            #expect(bins.count <= maxBins, "round \(round)")
            let placed = bins.flatMap { $0 }.map(\.identifier).sorted()
            #expect(placed == components.map(\.identifier).sorted(), "round \(round)")
        }
    }

    @Test func priorBuildErrors() throws {
        var missing = try priorManifest(expectedV0)
        missing.layers[2].annotations = nil
        expectInvalid("Missing ostree.components on prior build layer \(missing.layers[2].digest)") {
            _ = try Packing.basicPacking(buildV0, maxBins: 6, priorBuild: missing)
        }
        expectInvalid("no component layers") {
            _ = try Packing.basicPacking(buildV0, maxBins: 6, priorBuild: priorManifest([]))
        }
        expectInvalid("duplicate component name 'pkg1'") {
            let duplicate = buildV0 + [component(1, 1, 1, version: 9)]
            _ = try Packing.basicPacking(duplicate, maxBins: 6, priorBuild: priorManifest(expectedV0))
        }
        expectInvalid("places 11 of 10 components") {
            _ = try Packing.basicPacking(buildV0, maxBins: 6, priorBuild: priorManifest(expectedV0 + [["pkg3.0"]]))
        }
        expectInvalid("more than the 6 allowed") {
            _ = try Packing.basicPacking(buildV0, maxBins: 6, priorBuild: priorManifest(expectedV0 + [[]]))
        }
    }

    @Test func layerNamesAndAnnotations() {
        let bins = [[], Array(buildV0.prefix(1)), Array(buildV0.prefix(3)), Array(buildV0.prefix(6))]
        #expect(bins.map(Packing.layerName(for:)) == [
            "Reserved for new packages", "pkg1.0", "pkg1.0 and pkg2.0 and pkg3.0", "6 components",
        ])
        #expect(bins.map(Packing.componentsAnnotationValue(for:)) == [
            "", "pkg1", "pkg1,pkg2,pkg3", "pkg1,pkg10,pkg2,pkg3,pkg4,pkg8",
        ])
    }
}
