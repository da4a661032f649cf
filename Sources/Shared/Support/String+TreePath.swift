extension String {
    /// The absolute tree path of the entry `name` inside the directory at this absolute path (`/` is the root):
    /// `"/".appendingTreeComponent("usr")` is `/usr`, `"/usr".appendingTreeComponent("bin")` is `/usr/bin`.
    func appendingTreeComponent(_ name: String) -> String { self == "/" ? "/" + name : self + "/" + name }
}
