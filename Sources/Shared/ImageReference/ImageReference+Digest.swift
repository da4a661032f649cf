/// Registry references pinned to a manifest digest.
extension ImageReference {
    /// The same repository at `digest` (`docker://host/repo@sha256:…`), dropping a tag or digest the name had;
    /// `nil` for transports other than a registry, which have no by-digest form.
    public func pinned(to digest: Digest) -> ImageReference? {
        guard transport == .registry else { return nil }
        var repository = name.splitOnce(at: "@")?.head ?? name
        let scalars = repository.unicodeScalars
        if let colon = scalars.lastIndex(of: ":"), !scalars[colon...].contains("/") {
            repository = String(scalars[..<colon])
        }
        return ImageReference(transport: .registry, name: "\(repository)@\(digest)")
    }
}
