import Shared
import Testing

@Suite struct MetadataDictionaryTests {
    @Test func serializedMetadataParsesBack() throws {
        let metadata: [String: VariantValue] = [
            "version": .string("42.0"), "ostree.bootable": .bool(true), "ostree.container-cmd": .strings(["/usr/bin/bash"]),
            "ostree.sign.ed25519": .byteArrays([[1, 2, 3], []]), "n": .uint64(7), "blob": .bytes([0, 255]),
        ]
        let bytes = MetadataDictionary.serialize(metadata)
        #expect(try MetadataDictionary.parse(bytes, name: "test") == metadata)
        #expect(MetadataDictionary.serialize(metadata) == bytes, "serialization is deterministic")
    }

    @Test func emptyXattrsSerializeToNoBytes() {
        #expect(MetadataDictionary.serializeXattrs([]).isEmpty)
        #expect(Checksum.sha256([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Format spec §1.2 vector: the serialized `security.selinux` xattrs list and its sha256.
    @Test func xattrsSerializeAsOstreeDoes() {
        let xattrs = [Xattr(name: Array("security.selinux".utf8), value: Array("system_u:object_r:usr_t:s0".utf8))]
        let bytes = MetadataDictionary.serializeXattrs(xattrs)
        #expect(Hex.encode(bytes) == "73656375726974792e73656c696e75780073797374656d5f753a6f626a6563745f723a7573725f743a7330112c")
        #expect(Checksum.sha256(bytes).hex == "441b535f1bc3c84e38233519e251966272be22c448908dc10f4cac68301214ca")
    }

    @Test func garbageIsNotAValidObject() {
        #expect(throws: ToolError.self) { try DirMetaObject(parsing: [1, 2, 3], name: "x.dirmeta") }
        #expect(throws: ToolError.self) { try MetadataDictionary.parse([0xff, 0x00, 0x13], name: "x.commitmeta") }
    }

    /// Format spec §1.2: dirmeta root/root 0o40755 with no xattrs.
    @Test func parsesADirMeta() throws {
        let meta = try DirMetaObject(parsing: Hex.decode("0000000000000000000041ed") ?? [], name: "root.dirmeta")
        #expect(meta.uid == 0 && meta.gid == 0 && meta.mode == 0o40755 && meta.xattrs.isEmpty)
    }
}
