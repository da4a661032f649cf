/// An `Encoder` that builds a `JSONValue` tree from any `Encodable`, for `CanonicalJSON`.
///
/// Booleans, strings and integers of every width become JSON scalars; `Double` and `Float` (and so `Date`, whose
/// `Encodable` form is a `Double`) are rejected, as canonical JSON has no floating point. Keys encoded twice into
/// one object keep the last value; an encoder that was asked for no container yields `{}` (as `JSONEncoder` does).
enum JSONValueEncoder {
    /// Encodes `value` into a tree.
    /// - Throws: `ToolError(.invalidArgument)` naming the coding path of a floating-point value.
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node()
        try root.store(value, codingPath: [])
        return root.resolved()
    }
}

/// One value under construction; containers hand out child nodes and fill them later.
private final class Node {
    var scalar: JSONValue?
    var object: [String: Node]?
    var array: [Node]?

    func becomeObject() {
        if object == nil {
            object = [:]
            scalar = nil
            array = nil
        }
    }

    func becomeArray() {
        if array == nil {
            array = []
            scalar = nil
            object = nil
        }
    }

    func child(forKey key: String) -> Node {
        becomeObject()
        let node = Node()
        object?[key] = node
        return node
    }

    func appendChild() -> Node {
        becomeArray()
        let node = Node()
        array?.append(node)
        return node
    }

    /// Stores a scalar directly, or lets the value encode itself into this node.
    func store(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        if let primitive = try Self.primitive(value, codingPath: codingPath) {
            scalar = primitive
            object = nil
            array = nil
        } else {
            try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }

    func resolved() -> JSONValue {
        if let scalar { return scalar }
        if let array { return .array(array.map { $0.resolved() }) }
        let members = (object ?? [:]).map { JSONValue.Member(key: $0.key, value: $0.value.resolved()) }
        return .object(members)
    }

    private static func primitive(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let value as Bool: return .bool(value)
        case let value as String: return .string(value)
        case let value as any SignedInteger & FixedWidthInteger:
            return Int64(exactly: value).map(JSONValue.integer) ?? .number(String(value))
        case let value as any UnsignedInteger & FixedWidthInteger:
            return UInt64(exactly: value).map(JSONValue.unsigned) ?? .number(String(value))
        case is Double, is Float:
            let path = codingPath.map(\.stringValue).joined(separator: ".")
            throw ToolError(
                .invalidArgument, "canonical JSON cannot hold the floating-point value \(value) at '\(path)'")
        default: return nil
        }
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { intValue.map(String.init) ?? "" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedSink<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return ValueSink(node: node, appending: true, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        ValueSink(node: node, appending: false, codingPath: codingPath)
    }
}

/// The keyed container: every `encode` stores into the child node named by the key.
private struct KeyedSink<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    private func put(_ value: some Encodable, _ key: Key) throws {
        try node.child(forKey: key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).scalar = .null }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.becomeObject()
        return KeyedEncodingContainer(KeyedSink<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.becomeArray()
        return ValueSink(node: child, appending: true, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child(forKey: SuperKey().stringValue), codingPath: codingPath + [SuperKey()])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

/// Both the unkeyed container (each `encode` appends an element) and the single-value container (each `encode`
/// replaces the node's value); the two protocols share their `encode` requirements.
private struct ValueSink: UnkeyedEncodingContainer, SingleValueEncodingContainer {
    let node: Node
    let appending: Bool
    let codingPath: [any CodingKey]

    var count: Int { node.array?.count ?? 0 }

    private func target() -> (node: Node, path: [any CodingKey]) {
        guard appending else { return (node, codingPath) }
        let index = count
        return (node.appendChild(), codingPath + [IndexKey(intValue: index)])
    }

    private func put(_ value: some Encodable) throws {
        let (node, path) = target()
        try node.store(value, codingPath: path)
    }

    mutating func encodeNil() throws { target().node.scalar = .null }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let (child, path) = target()
        child.becomeObject()
        return KeyedEncodingContainer(KeyedSink<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let (child, path) = target()
        child.becomeArray()
        return ValueSink(node: child, appending: true, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let (child, path) = target()
        return NodeEncoder(node: child, codingPath: path)
    }
}
