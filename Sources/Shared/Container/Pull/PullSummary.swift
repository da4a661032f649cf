import Foundation

/// The one-line account of a pull on stderr, and the parsing of what `container-pull` is given.
public enum PullSummary {
    /// Writes `Fetched N layers (SIZE), reused M` (and what derived layers left out) to stderr.
    public static func print(_ report: PullReport) {
        var line = report.alreadyPresent
            ? "No changes in \(report.image) => \(report.manifestDigest)"
            : "Fetched \(report.layersFetched) layers (\(ByteCount.format(report.bytesFetched))), reused \(report.layersReused)"
        if !report.filtered.isEmpty {
            let names = report.filtered.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
            line += "; left out content outside /usr, /etc and /var: \(names.joined(separator: ", "))"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension OstreeImageReference {
    /// Parses a pull target; a plain `TRANSPORT:NAME` without a verification prefix gets an error that names the
    /// prefixes to choose from.
    public init(parsingPullTarget text: String) throws {
        do {
            self = try OstreeImageReference(parsing: text)
        } catch {
            if (try? ImageReference(parsing: text)) != nil {
                throw ToolError(
                    .invalidArgument,
                    "'\(text)' does not say how to verify the image: prefix it with ostree-unverified-image:, "
                        + "ostree-image-signed: or ostree-remote-image:REMOTE: (for registries also "
                        + "ostree-unverified-registry: and ostree-remote-registry:REMOTE:)")
            }
            throw error
        }
    }
}
