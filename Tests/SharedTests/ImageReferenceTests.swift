import Shared
import Testing

/// Checks that `body` throws `ToolError(.invalidArgument)` with exactly `message`.
private func expectInvalid(_ message: String, _ body: () throws -> Void) {
    #expect {
        try body()
    } throws: { error in
        let error = error as? ToolError
        return error?.kind == .invalidArgument && error?.message == message
    }
}

@Suite struct ImageReferenceTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let transport: Transport
        let name: String
        let display: String
        var testDescription: String { text }
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        let message: String
        var testDescription: String { text.isEmpty ? "(empty)" : text }
    }

    /// Format spec §6.2 vectors.
    @Test(arguments: [
        Valid(text: "containers-storage:localhost/someimage", transport: .containerStorage, name: "localhost/someimage",
            display: "containers-storage:localhost/someimage"),
        Valid(text: "docker://quay.io/exampleos/blah:sometag", transport: .registry,
            name: "quay.io/exampleos/blah:sometag", display: "docker://quay.io/exampleos/blah:sometag"),
        Valid(text: "registry:quay.io/exampleos/blah", transport: .registry, name: "quay.io/exampleos/blah",
            display: "docker://quay.io/exampleos/blah"),
        Valid(text: "oci:somedir", transport: .ociDir, name: "somedir", display: "oci:somedir"),
        Valid(text: "dir:/some/dir/blah", transport: .dir, name: "/some/dir/blah", display: "dir:/some/dir/blah"),
        Valid(text: "oci-archive:/path/to/foo.ociarchive", transport: .ociArchive, name: "/path/to/foo.ociarchive",
            display: "oci-archive:/path/to/foo.ociarchive"),
        Valid(text: "docker-archive:/path/to/foo.dockerarchive", transport: .dockerArchive,
            name: "/path/to/foo.dockerarchive", display: "docker-archive:/path/to/foo.dockerarchive"),
        Valid(text: "containers-storage:localhost/someimage:blah", transport: .containerStorage,
            name: "localhost/someimage:blah", display: "containers-storage:localhost/someimage:blah"),
        Valid(text: "docker://quay.io/examplens/exampleos", transport: .registry, name: "quay.io/examplens/exampleos",
            display: "docker://quay.io/examplens/exampleos"),
        // Consequences of checking the empty name before stripping `//`.
        Valid(text: "docker://", transport: .registry, name: "", display: "docker://"),
        Valid(text: "registry://x", transport: .registry, name: "//x", display: "docker:////x"),
    ])
    func parsesImageReference(_ testCase: Valid) throws {
        let reference = try ImageReference(parsing: testCase.text)
        #expect(reference.transport == testCase.transport)
        #expect(reference.name == testCase.name)
        #expect(reference.description == testCase.display)
    }

    @Test(arguments: [
        Invalid(text: "", message: "Missing ':' in "),
        Invalid(text: "foo://", message: "Unknown transport 'foo'"),
        Invalid(text: "docker:blah", message: "Missing // in docker:// in docker:blah"),
        Invalid(text: "registry:", message: "Invalid empty name in registry:"),
        Invalid(text: "foo:bar", message: "Unknown transport 'foo'"),
        Invalid(text: "docker-daemon:busybox", message: "Unknown transport 'docker-daemon'"),
    ])
    func rejectsImageReference(_ testCase: Invalid) {
        expectInvalid(testCase.message) { _ = try ImageReference(parsing: testCase.text) }
    }

    /// Format spec §9 item 24: every transport's serializable name parses back to it.
    @Test(arguments: Transport.allCases)
    func transportSerializableNameRoundTrips(_ transport: Transport) throws {
        #expect(try Transport(parsing: transport.serializableName) == transport)
        let reference = ImageReference(transport: transport, name: "somewhere")
        #expect(try ImageReference(parsing: reference.description) == reference)
    }

    @Test func transportTokens() throws {
        #expect(try Transport(parsing: "docker") == .registry)
        #expect(Transport.registry.serializableName == "registry")
        #expect(Transport.registry.description == "docker://")
        #expect(Transport.containerStorage.description == "containers-storage:")
        expectInvalid("Unknown transport 'Registry'") { _ = try Transport(parsing: "Registry") }
    }
}

@Suite struct OstreeImageReferenceTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let signature: SignatureSource
        let transport: Transport
        let name: String
        let display: String
        let alternate: String
        var testDescription: String { text }
    }

    /// Format spec §6.3 vectors.
    @Test(arguments: [
        Valid(text: "ostree-remote-image:myremote:registry:quay.io/exampleos/blah",
            signature: .ostreeRemote("myremote"), transport: .registry, name: "quay.io/exampleos/blah",
            display: "ostree-remote-image:myremote:docker://quay.io/exampleos/blah",
            alternate: "ostree-remote-image:myremote:docker://quay.io/exampleos/blah"),
        Valid(text: "ostree-remote-registry:myremote:quay.io/exampleos/blah", signature: .ostreeRemote("myremote"),
            transport: .registry, name: "quay.io/exampleos/blah",
            display: "ostree-remote-image:myremote:docker://quay.io/exampleos/blah",
            alternate: "ostree-remote-image:myremote:docker://quay.io/exampleos/blah"),
        Valid(text: "ostree-image-signed:docker://quay.io/exampleos/blah", signature: .containerPolicy,
            transport: .registry, name: "quay.io/exampleos/blah",
            display: "ostree-image-signed:docker://quay.io/exampleos/blah",
            alternate: "ostree-image-signed:docker://quay.io/exampleos/blah"),
        Valid(text: "ostree-unverified-image:docker://quay.io/exampleos/blah",
            signature: .containerPolicyAllowInsecure, transport: .registry, name: "quay.io/exampleos/blah",
            display: "ostree-unverified-registry:quay.io/exampleos/blah", alternate: "docker://quay.io/exampleos/blah"),
        Valid(text: "ostree-unverified-registry:quay.io/examplens/exampleos",
            signature: .containerPolicyAllowInsecure, transport: .registry, name: "quay.io/examplens/exampleos",
            display: "ostree-unverified-registry:quay.io/examplens/exampleos",
            alternate: "docker://quay.io/examplens/exampleos"),
        Valid(text: "ostree-unverified-image:oci:/srv/layout:tag", signature: .containerPolicyAllowInsecure,
            transport: .ociDir, name: "/srv/layout:tag", display: "ostree-unverified-image:oci:/srv/layout:tag",
            alternate: "ostree-unverified-image:oci:/srv/layout:tag"),
        Valid(text: "ostree-remote-image::oci-archive:/x.tar", signature: .ostreeRemote(""), transport: .ociArchive,
            name: "/x.tar", display: "ostree-remote-image::oci-archive:/x.tar",
            alternate: "ostree-remote-image::oci-archive:/x.tar"),
    ])
    func parses(_ testCase: Valid) throws {
        let reference = try OstreeImageReference(parsing: testCase.text)
        #expect(reference.signatureSource == testCase.signature)
        #expect(reference.imageReference == ImageReference(transport: testCase.transport, name: testCase.name))
        #expect(reference.description == testCase.display)
        #expect(reference.alternateDescription == testCase.alternate)
        #expect(try OstreeImageReference(parsing: reference.description) == reference)
    }

    @Test func remoteSpellingsAreEqual() throws {
        let image = try OstreeImageReference(parsing: "ostree-remote-image:myremote:registry:quay.io/exampleos/blah")
        let registry = try OstreeImageReference(parsing: "ostree-remote-registry:myremote:quay.io/exampleos/blah")
        #expect(image == registry)
    }

    @Test(arguments: [
        ImageReferenceTests.Invalid(text: "nocolon", message: "Missing ':' in nocolon"),
        ImageReferenceTests.Invalid(
            text: "ostree-foo:docker://x", message: "Invalid ostree image reference scheme: ostree-foo"),
        ImageReferenceTests.Invalid(
            text: "ostree-remote-image:myremote", message: "Missing second ':' in ostree-remote-image:myremote"),
        ImageReferenceTests.Invalid(
            text: "ostree-remote-registry:myremote", message: "Missing second ':' in ostree-remote-registry:myremote"),
        ImageReferenceTests.Invalid(text: "ostree-unverified-registry:", message: "Invalid empty name in registry:"),
        ImageReferenceTests.Invalid(text: "ostree-image-signed:foo:bar", message: "Unknown transport 'foo'"),
        ImageReferenceTests.Invalid(
            text: "ostree-unverified-image:docker:x", message: "Missing // in docker:// in docker:x"),
    ])
    func rejects(_ testCase: ImageReferenceTests.Invalid) {
        expectInvalid(testCase.message) { _ = try OstreeImageReference(parsing: testCase.text) }
    }

    @Test(arguments: [
        ("ostree-image-signed", SignatureSource.containerPolicy),
        ("ostree-unverified-image", SignatureSource.containerPolicyAllowInsecure),
        ("ostree-remote-image:fedora", SignatureSource.ostreeRemote("fedora")),
        ("ostree-remote-image:a:b", SignatureSource.ostreeRemote("a:b")),
    ])
    func parsesSignatureSource(_ text: String, _ expected: SignatureSource) throws {
        let source = try SignatureSource(parsing: text)
        #expect(source == expected)
        #expect(source.description == text)
    }

    @Test func rejectsSignatureSource() {
        expectInvalid("Invalid signature source: ostree-unverified-registry") {
            _ = try SignatureSource(parsing: "ostree-unverified-registry")
        }
    }
}

@Suite struct OCILayoutReferenceTests {
    /// Format spec §5.2 item 7 / §9 item 24 (`parse_oci_path_and_tag`).
    @Test(arguments: [
        ("/foo/bar", "/foo/bar", nil), ("/foo/bar:baz", "/foo/bar", "baz"),
        ("/foo/bar:baz:latest", "/foo/bar", "baz:latest"), ("/foo/bar:", "/foo/bar", ""),
    ] as [(String, String, String?)])
    func splitsAtFirstColon(_ name: String, _ path: String, _ tag: String?) {
        let split = OCILayoutReference.splitPathAndTag(name)
        #expect(split.path == path)
        #expect(split.tag == tag)
    }

    @Test func fromImageReference() throws {
        let directory = try OCILayoutReference(ImageReference(parsing: "oci:/srv/layout:exported-test"))
        #expect(directory == OCILayoutReference(path: "/srv/layout", tag: "exported-test"))
        #expect(directory.description == "oci:/srv/layout:exported-test")
        let archive = try OCILayoutReference(ImageReference(parsing: "oci-archive:/tmp/image.tar"))
        #expect(archive == OCILayoutReference(path: "/tmp/image.tar", tag: nil, isArchive: true))
        #expect(archive.imageReference == ImageReference(transport: .ociArchive, name: "/tmp/image.tar"))
        #expect(try OCILayoutReference(ImageReference(parsing: "oci:/srv/layout:")).tag == nil)
    }

    @Test func rejectsOtherTransportsAndEmptyPath() {
        expectInvalid("not an oci: or oci-archive: image reference: docker://quay.io/x") {
            _ = try OCILayoutReference(ImageReference(parsing: "docker://quay.io/x"))
        }
        expectInvalid("invalid empty path in oci::latest") {
            _ = try OCILayoutReference(ImageReference(parsing: "oci::latest"))
        }
    }
}
