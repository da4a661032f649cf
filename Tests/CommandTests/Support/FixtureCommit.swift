import Foundation
import Testing

/// A source repository holding one commit with every kind of entry the tar format must carry: regular and empty
/// files, symlinks (relative, dangling, with a `./` component), hardlinks, setuid and sticky modes, `user.*`
/// xattrs, a detached metadata key and a GPG signature made with a throwaway key.
struct FixtureCommit {
    static let ref = "exampleos/x86_64/stable"
    static let detachedKey = "my-detached-key"
    static let detachedValue = "my-detached-value"

    let dir: TempDir
    let repo: String
    let checksum: String
    let gpg: GPGKey

    /// Builds the tree and commits it into a new repository of `mode`.
    init(dir: TempDir, mode: String = "bare-user") throws {
        self.dir = dir
        gpg = try GPGKey(dir: dir)
        let tree = dir.sub("tree")
        try dir.write("tree/usr/bin/bash", "the-bash-shell\n", mode: 0o755)
        try dir.write("tree/usr/bin/setuid-tool", "suid\n", mode: 0o4755)
        try dir.write("tree/usr/lib/emptyfile", "")
        try dir.write("tree/usr/lib/big.bin", String(repeating: "0123456789abcdef", count: 20_000))
        try dir.write("tree/usr/share/doc/README", "readme\n")
        try dir.write("tree/usr/etc/motd", "welcome\n")
        try dir.write("tree/usr/etc/os-release", "ID=exampleos\n")
        try FileManager.default.createDirectory(atPath: "\(tree)/var/tmp", withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: "\(tree)/var/tmp")
        try FileManager.default.createDirectory(atPath: "\(tree)/usr/share/empty-dir", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(tree)/usr/share/sticky", withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: "\(tree)/usr/share/sticky")
        try FileManager.default.linkItem(atPath: "\(tree)/usr/bin/bash", toPath: "\(tree)/usr/bin/sh-hardlink")
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/usr/bin/sh", withDestinationPath: "bash")
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/usr/lib/dangling", withDestinationPath: "/nonexistent/target")
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/usr/lib/dotted", withDestinationPath: "a/./b")
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/usr/lib/denormal", withDestinationPath: "../../usr/sbin//chkconfig")
        try Run.checked("setfattr", ["-n", "user.testkey", "-v", "testvalue", "\(tree)/usr/bin/bash"])
        try Run.checked("setfattr", ["-n", "user.other", "-v", "x", "\(tree)/usr/share/doc/README"])
        repo = try dir.makeRepo("source", mode: mode)
        checksum = try Run.ostree(
            "commit", "--repo=\(repo)", "--branch=\(Self.ref)", "--tree=dir=\(tree)", "--subject=fixture",
            "--add-metadata-string=version=42.0", "--timestamp=1997-08-29T18:30:42Z",
            "--add-detached-metadata-string=\(Self.detachedKey)=\(Self.detachedValue)",
            "--gpg-sign=\(gpg.keyID)", "--gpg-homedir=\(gpg.home)")
    }
}

/// A throwaway GPG key in its own GNUPGHOME.
struct GPGKey {
    let home: String
    let keyID: String
    /// The exported public key, for `ostree remote gpg-import`.
    let publicKeyFile: String

    init(dir: TempDir) throws {
        home = dir.sub("gnupg")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home)
        try Run.checked("gpg", ["--homedir", home, "--batch", "--passphrase", "", "--quick-gen-key",
                                "Test Signer <signer@example.com>", "ed25519", "sign", "0"])
        let listing = try Run.checked("gpg", ["--homedir", home, "--batch", "--with-colons", "--list-keys"]).stdoutText
        let fingerprint = listing.split(separator: "\n").first { $0.hasPrefix("fpr:") }?
            .split(separator: ":", omittingEmptySubsequences: false)[9]
        keyID = String(fingerprint ?? "")
        publicKeyFile = dir.sub("signer.gpg")
        try Run.checked("gpg", ["--homedir", home, "--batch", "--export", "--output", publicKeyFile, keyID])
    }

    /// Adds a GPG-verifying remote named `name` to `repo` with this key imported.
    func addRemote(_ name: String, to repo: String) throws {
        try Run.ostree("remote", "add", "--repo=\(repo)", "--set=gpg-verify=true", name, "file:///nonexistent")
        try Run.ostree("remote", "gpg-import", "--repo=\(repo)", "--keyring=\(publicKeyFile)", name)
    }
}
