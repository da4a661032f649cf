/// ostree-ext's `basic_packing` (format spec §8.4, §8.5): which components go into which layer ("bin").
///
/// The arithmetic is the Rust code's: the high-size bin count is `floor(0.6 * Float(n - others))` in `Float`,
/// the statistics in `Double`, so the same input gives the same layers as ostree-ext. Where the Rust code panics
/// or misbehaves (the "edge cases" of §8.4), this port defines the behaviour:
///
/// - `maxBins < 4` (and `maxBins > UInt32.max`) throws, as the Rust `ensure!` does.
/// - **`per_bin` underflow** (more high- and low-size components than the plan allows for): the Rust unsigned
///   subtraction wraps in release builds, making the per-bin limit effectively infinite; here the limit is
///   likewise unbounded, so each size/frequency partition becomes one bin (same output as a release build).
/// - **`per_bin == 0`**: kept as in Rust: the first component of each partition then starts after an empty bin,
///   so empty bins can appear among the medium ones (same output as ostree-ext).
/// - **Empty rest** (every regular component is high- or low-size, so there is nothing to take a mean of):
///   Rust panics; here there are simply no medium partitions.
/// - **Merge loop without progress** (the range of mergeable bins is empty while still over the limit, where Rust
///   spins forever): throws `ToolError(.invalidArgument)`. It cannot happen for `maxBins >= 4`.
/// - **Prior build**: a prior manifest with no layer after the commit layer throws (Rust panics: "No empty last
///   bin"); a component layer without `ostree.components` throws `Missing ostree.components on prior build`;
///   duplicate component names, a name listed in two prior layers, or a component with an empty name throw
///   (Rust asserts, or silently misplaces). New names are appended in input order (Rust: hash-set order).
public enum Packing {
    /// Default and largest layer count ostree-ext uses (`MAX_CHUNKS`, half of a 128-layer limit).
    public static let defaultMaxBins = 64
    /// Fewest bins a chunked image may have (`MIN_CHUNKED_LAYERS`).
    public static let minimumBins = 4
    /// Layer annotation listing the names of a layer's components, joined by `,`.
    public static let componentsAnnotation = "ostree.components"

    private static let highSizeCutoff: Float = 0.6
    private static let threshold = 2.0
    private static let highSizePartition = "1hs"
    private static let lowSizePartition = "2ls"

    /// Packs `components` into at most `maxBins` bins.
    ///
    /// Without a prior build: fewer components than bins gives one bin per component plus an empty one (none at
    /// all for no components); otherwise components are partitioned by size and change frequency, and the last
    /// two bins are the "changes always" components (if any) and an empty bin reserved for new packages.
    /// With a prior build, its layer structure is kept (see `Packing`).
    /// - Parameters:
    ///   - components: expected in descending size order (ostree-ext sorts them so; this is not checked).
    ///   - maxBins: the layer budget besides the commit layer.
    ///   - priorBuild: the manifest of the previous image, whose layers after the first carry
    ///     `ostree.components`.
    /// - Returns: the bins, each a list of components, in layer order; every component is in exactly one bin.
    /// - Throws: `ToolError(.invalidArgument)` in the cases listed on `Packing`.
    public static func basicPacking(
        _ components: [ObjectSourceMeta], maxBins: Int, priorBuild: Manifest? = nil
    ) throws -> [[ObjectSourceMeta]] {
        guard maxBins >= minimumBins, maxBins <= Int(UInt32.max) else {
            throw ToolError(
                .invalidArgument, "cannot pack components into \(maxBins) layers: at least \(minimumBins) are needed")
        }
        let bins: [[ObjectSourceMeta]]
        if let priorBuild {
            bins = try packLikePriorBuild(components, manifest: priorBuild)
        } else if components.count < maxBins {
            bins = components.map { [$0] } + (components.isEmpty ? [] : [[]])
        } else {
            bins = try packNew(components, maxBins: maxBins)
        }
        guard bins.count <= maxBins else {
            throw ToolError(.invalidArgument, "packing needs \(bins.count) layers, more than the \(maxBins) allowed")
        }
        return bins
    }

    private static func packNew(_ components: [ObjectSourceMeta], maxBins: Int) throws -> [[ObjectSourceMeta]] {
        let regular = components.filter { $0.changeFrequency != ObjectSourceMeta.alwaysChanges }
        let alwaysChanging = components.filter { $0.changeFrequency == ObjectSourceMeta.alwaysChanges }
        var bins: [[ObjectSourceMeta]] = []
        let newBins = 1
        let alwaysChangingBins = min(alwaysChanging.count, 1)
        if !regular.isEmpty {
            let lowSizeBins = 1
            let otherBins = lowSizeBins + newBins + alwaysChangingBins
            let highSizeBins = Int((highSizeCutoff * Float(maxBins - otherBins)).rounded(.down))
            let mediumSizeBins = maxBins - (highSizeBins + otherBins)
            let partitions = partition(regular, highSizeLimit: highSizeBins)
            let lowSizeCount = partitions[lowSizePartition]?.count ?? 0
            let unplaced = regular.count - highSizeBins - lowSizeCount
            // Rust: `usize` subtraction (wraps when negative: no limit) divided by `mediumSizeBins` (>= 1 here).
            let perBin = unplaced < 0 ? Int.max : unplaced / max(mediumSizeBins, 1)
            for (key, members) in partitions.sorted(by: { $0.key < $1.key }) {
                switch key {
                case highSizePartition: bins += members.map { [$0] }
                case lowSizePartition: bins.append(members)
                default: bins += split(members, perBin: perBin)
                }
            }
            try mergeMediumBins(&bins, limit: maxBins - newBins - alwaysChangingBins, start: lowSizeBins + highSizeBins)
        }
        if !alwaysChanging.isEmpty { bins.append(alwaysChanging) }
        bins.append([])
        return bins
    }

    /// Rust's fill loop: a bin takes components while it holds fewer than `perBin`, then is closed (even when
    /// empty, if `perBin` is 0); the last bin is closed when not empty.
    private static func split(_ members: [ObjectSourceMeta], perBin: Int) -> [[ObjectSourceMeta]] {
        var bins: [[ObjectSourceMeta]] = []
        var current: [ObjectSourceMeta] = []
        for member in members {
            if current.count >= perBin {
                bins.append(current)
                current = []
            }
            current.append(member)
        }
        if !current.isEmpty { bins.append(current) }
        return bins
    }

    /// Merges neighbouring bins from the end, two at a time, until at most `limit` remain; the merged bin lands one
    /// place later than the pair it replaces, as in the Rust code.
    private static func mergeMediumBins(_ bins: inout [[ObjectSourceMeta]], limit: Int, start: Int) throws {
        while bins.count > limit {
            guard start < bins.count - 1 else {
                throw ToolError(
                    .invalidArgument, "cannot merge \(bins.count) layers down to \(limit): no mergeable layers left")
            }
            for index in stride(from: start, to: bins.count - 1, by: 2).reversed() {
                if bins.count <= limit { break }
                let merged = bins[index - 1] + bins[index]
                bins.remove(at: index)
                bins.remove(at: index - 1)
                bins.insert(merged, at: index)
            }
        }
    }

    /// ostree-ext's `get_partitions_with_threshold`: high-size outliers (at most `highSizeLimit`, by
    /// median/MAD), low-size outliers, and the rest classified by size and frequency against mean ± 2σ.
    private static func partition(
        _ components: [ObjectSourceMeta], highSizeLimit: Int
    ) -> [String: [ObjectSourceMeta]] {
        var partitions: [String: [ObjectSourceMeta]] = [:]
        guard let (median, deviation) = Statistics.medianAbsoluteDeviation(components.map(\.size)) else {
            return partitions
        }
        let (lowLimit, highLimit) = limits(center: median, spread: deviation)
        var highSize: [ObjectSourceMeta] = []
        var mediumSize: [ObjectSourceMeta] = []
        for component in components {
            let size = Double(component.size)
            if size >= highLimit {
                highSize.append(component)
            } else if size <= lowLimit {
                partitions[lowSizePartition, default: []].append(component)
            } else {
                mediumSize.append(component)
            }
        }
        partitions[highSizePartition] = Array(highSize.prefix(highSizeLimit))
        // Extra high-size components, then the medium ones, stably sorted by ascending change frequency.
        let rest = (Array(highSize.dropFirst(highSizeLimit)) + mediumSize).enumerated()
            .sorted { ($0.element.changeFrequency, $0.offset) < ($1.element.changeFrequency, $1.offset) }
            .map(\.element)
        let sizes = rest.map(\.size)
        let frequencies = rest.map { UInt64($0.changeFrequency) }
        guard let meanSize = Statistics.mean(sizes), let sdSize = Statistics.standardDeviation(sizes),
            let meanFrequency = Statistics.mean(frequencies),
            let sdFrequency = Statistics.standardDeviation(frequencies)
        else { return partitions }
        let sizeLimits = limits(center: meanSize, spread: sdSize)
        let frequencyLimits = limits(center: meanFrequency, spread: sdFrequency)
        for component in rest {
            let size = classify(Double(component.size), sizeLimits, high: "hs", medium: "ms", low: "ls")
            let frequency = classify(
                Double(component.changeFrequency), frequencyLimits, high: "3hf", medium: "4mf", low: "5lf")
            partitions["\(frequency)_\(size)", default: []].append(component)
        }
        return partitions
    }

    /// `(0.5 * |center - t * spread|, center + t * spread)`.
    private static func limits(center: Double, spread: Double) -> (low: Double, high: Double) {
        (0.5 * abs(center - threshold * spread), center + threshold * spread)
    }

    private static func classify(
        _ value: Double, _ limits: (low: Double, high: Double), high: String, medium: String, low: String
    ) -> String {
        value >= limits.high ? high : value <= limits.low ? low : medium
    }

    /// ostree-ext's `basic_packing_with_prior_build`.
    private static func packLikePriorBuild(
        _ components: [ObjectSourceMeta], manifest: Manifest
    ) throws -> [[ObjectSourceMeta]] {
        var previous: [[String]] = try manifest.layers.dropFirst().map { layer in
            guard let names = layer.annotations?[componentsAnnotation] else {
                throw ToolError(
                    .invalidArgument, "Missing \(componentsAnnotation) on prior build layer \(layer.digest)")
            }
            return names.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let lastIndex = previous.indices.last else {
            throw ToolError(.invalidArgument, "prior build has no component layers to keep")
        }
        var componentByName: [String: ObjectSourceMeta] = [:]
        for component in components {
            guard componentByName.updateValue(component, forKey: component.name) == nil else {
                throw ToolError(.invalidArgument, "duplicate component name '\(component.name)' with a prior build")
            }
        }
        let previousNames = Set(previous.joined().filter { !$0.isEmpty })
        let added = components.map(\.name).filter { !previousNames.contains($0) }
        previous[lastIndex].removeAll { $0.isEmpty }
        previous[lastIndex] += added
        // Names gone from this build drop out, and so do empty names (from an empty annotation).
        let bins = previous.map { names in names.compactMap { $0.isEmpty ? nil : componentByName[$0] } }
        let placed = bins.reduce(0) { $0 + $1.count }
        guard placed == components.count else {
            throw ToolError(
                .invalidArgument,
                "prior build layout places \(placed) of \(components.count) components: "
                    + "names must be non-empty and listed in at most one prior layer")
        }
        return bins
    }
}
