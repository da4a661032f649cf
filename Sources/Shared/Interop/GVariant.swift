internal import COSTree

/// One strong reference to a `GVariant`, released with `g_variant_unref` in deinit.
final class GVariantRef {
    let raw: OpaquePointer

    /// Adopts a transfer-full reference (what `ostree_repo_load_variant` and `g_variant_get_child_value` return).
    init(taking raw: OpaquePointer) { self.raw = raw }

    /// Sinks a floating reference (what the `g_variant_new_*` constructors return).
    init(sinking raw: OpaquePointer) { self.raw = g_variant_ref_sink(raw) }

    deinit { g_variant_unref(raw) }

    /// Wraps serialized bytes as an untrusted variant of `type` (copied; `g_variant_new_from_bytes`).
    convenience init(type: String, bytes: [UInt8]) {
        let gbytes = bytes.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(gbytes) }
        let vtype = g_variant_type_new(type)
        defer { g_variant_type_free(vtype) }
        self.init(sinking: g_variant_new_from_bytes(vtype, gbytes, 0))
    }

    /// An empty `a(ayay)` xattrs array.
    static func emptyXattrs() -> GVariantRef { GVariantRef(type: "a(ayay)", bytes: []) }

    /// The serialized bytes (`g_variant_get_data`), copied out.
    var bytes: [UInt8] {
        let size = g_variant_get_size(raw)
        guard size > 0, let data = g_variant_get_data(raw) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(size)))
    }

    var typeString: String { String(cString: g_variant_get_type_string(raw)) }
    var isNormalForm: Bool { g_variant_is_normal_form(raw) != 0 }
    var childCount: Int { Int(g_variant_n_children(raw)) }

    func child(_ index: Int) -> GVariantRef { GVariantRef(taking: g_variant_get_child_value(raw, gsize(index))) }
    var children: [GVariantRef] { (0..<childCount).map(child) }

    var string: String { String(cString: g_variant_get_string(raw, nil)) }
    var bool: Bool { g_variant_get_boolean(raw) != 0 }
    var uint32: UInt32 { g_variant_get_uint32(raw) }
    var uint64: UInt64 { UInt64(g_variant_get_uint64(raw)) }

    /// The bytes of an `ay` value.
    var byteArray: [UInt8] {
        var count: gsize = 0
        guard let data = g_variant_get_fixed_array(raw, &count, 1), count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(count)))
    }

    /// The value boxed in a `v`.
    var unboxed: GVariantRef { GVariantRef(taking: g_variant_get_variant(raw)) }
}

extension GVariantRef {
    /// Decodes an `a(ayay)` xattrs array, dropping the trailing NUL ostree keeps in each name.
    var xattrs: [Xattr] {
        children.map { pair in
            var name = pair.child(0).byteArray
            if name.last == 0 { name.removeLast() }
            return Xattr(name: name, value: pair.child(1).byteArray)
        }
    }

    /// Decodes an `a{sv}` dictionary into Swift values.
    var metadataDictionary: [String: VariantValue] {
        var result: [String: VariantValue] = [:]
        for entry in children {
            result[entry.child(0).string] = entry.child(1).unboxed.variantValue
        }
        return result
    }

    /// This value in the shapes `VariantValue` knows.
    var variantValue: VariantValue {
        switch typeString {
        case "s": .string(string)
        case "b": .bool(bool)
        case "u": .uint32(uint32)
        case "t": .uint64(uint64)
        case "i": .int32(g_variant_get_int32(raw))
        case "x": .int64(Int64(g_variant_get_int64(raw)))
        case "ay": .bytes(byteArray)
        case "aay": .byteArrays(children.map(\.byteArray))
        case "as": .strings(children.map(\.string))
        case let other: .other(type: other)
        }
    }

    /// Builds an `a(ayay)` xattrs array in ostree's form (names NUL-terminated) from Swift values.
    static func xattrs(_ list: [Xattr]) -> GVariantRef {
        let elementType = g_variant_type_new("(ayay)")
        defer { g_variant_type_free(elementType) }
        let pairs: [OpaquePointer?] = list.map { xattr in
            let name = byteString(xattr.name + [0])
            let value = byteString(xattr.value)
            return [name, value].withUnsafeBufferPointer { g_variant_new_tuple($0.baseAddress, 2) }
        }
        return GVariantRef(sinking: pairs.withUnsafeBufferPointer {
            g_variant_new_array(elementType, $0.baseAddress, gsize($0.count))
        })
    }

    /// A floating `ay` of the given bytes.
    static func byteString(_ bytes: [UInt8]) -> OpaquePointer? {
        let byteType = g_variant_type_new("y")
        defer { g_variant_type_free(byteType) }
        return bytes.withUnsafeBytes { g_variant_new_fixed_array(byteType, $0.baseAddress, gsize($0.count), 1) }
    }
}

extension GVariantRef {
    /// Builds an `a{sv}` dictionary with keys in byte order, so equal dictionaries serialize identically.
    static func metadataDictionary(_ dictionary: [String: VariantValue]) -> GVariantRef {
        let entryType = g_variant_type_new("{sv}")
        defer { g_variant_type_free(entryType) }
        let keys = dictionary.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let entries: [OpaquePointer?] = keys.map { key in
            let value = g_variant_new_variant(floating(dictionary[key] ?? .other(type: "")))
            return g_variant_new_dict_entry(g_variant_new_string(key), value)
        }
        return GVariantRef(sinking: entries.withUnsafeBufferPointer {
            g_variant_new_array(entryType, $0.baseAddress, gsize($0.count))
        })
    }

    /// A floating variant for a Swift value (`.other` becomes an empty string: it cannot be rebuilt).
    static func floating(_ value: VariantValue) -> OpaquePointer? {
        switch value {
        case .string(let text): return g_variant_new_string(text)
        case .bool(let flag): return g_variant_new_boolean(flag ? 1 : 0)
        case .uint32(let number): return g_variant_new_uint32(number)
        case .uint64(let number): return g_variant_new_uint64(guint64(number))
        case .int32(let number): return g_variant_new_int32(number)
        case .int64(let number): return g_variant_new_int64(gint64(number))
        case .bytes(let bytes): return byteString(bytes)
        case .byteArrays(let arrays): return array(of: "ay", arrays.map(byteString))
        case .strings(let strings): return array(of: "s", strings.map { g_variant_new_string($0) })
        case .other: return g_variant_new_string("")
        }
    }

    private static func array(of elementType: String, _ elements: [OpaquePointer?]) -> OpaquePointer? {
        let type = g_variant_type_new(elementType)
        defer { g_variant_type_free(type) }
        return elements.withUnsafeBufferPointer { g_variant_new_array(type, $0.baseAddress, gsize($0.count)) }
    }
}
