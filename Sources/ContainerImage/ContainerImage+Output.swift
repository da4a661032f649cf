import Shared

extension ContainerImage {
    /// Prints a subcommand's result: `value` as one line of JSON with `--json`, otherwise `text()` as it is (each
    /// line ending in a newline).
    static func emit(_ value: some Encodable, json: Bool, text: () -> String) throws {
        if json {
            try JSONOutput.print(value)
        } else {
            print(text(), terminator: "")
        }
    }
}
