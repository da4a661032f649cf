extension JSONValue {
    /// The value of the object member `key` (the last one, if the key repeats); `nil` when there is none or this
    /// is not an object.
    ///
    /// Setting replaces the value of every member named `key` in place, or appends a member; setting `nil`
    /// removes them. Setting on a value that is not an object does nothing.
    subscript(member key: String) -> JSONValue? {
        get {
            guard case .object(let members) = self else { return nil }
            return members.last { $0.key == key }?.value
        }
        set {
            guard case .object(var members) = self else { return }
            if let newValue {
                if members.contains(where: { $0.key == key }) {
                    for index in members.indices where members[index].key == key { members[index].value = newValue }
                } else {
                    members.append(Member(key: key, value: newValue))
                }
            } else {
                members.removeAll { $0.key == key }
            }
            self = .object(members)
        }
    }
}
