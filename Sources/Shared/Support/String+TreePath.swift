extension String {
    /// The absolute tree path of the entry `name` inside the directory at this absolute path (`/` is the root):
    /// `"/".appendingTreeComponent("usr")` is `/usr`, `"/usr".appendingTreeComponent("bin")` is `/usr/bin`.
    func appendingTreeComponent(_ name: String) -> String { self == "/" ? "/" + name : self + "/" + name }
}

extension String {
    /// Whether some `/`-separated component is exactly `..` (checked on the UTF-8 bytes, without splitting).
    var hasParentComponent: Bool {
        var run = 0  // dots since the last separator, or -1 once the component has another character
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if run == 2 { return true }
                run = 0
            case UInt8(ascii: "."):
                if run >= 0 { run += 1 }
            default:
                run = -1
            }
        }
        return run == 2
    }
}
