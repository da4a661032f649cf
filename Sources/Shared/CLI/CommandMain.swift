import ArgumentParser
import Foundation

/// The entry point every executable shares: ostree's extension dispatch, then parsing, then one-line errors.
public enum CommandMain {
    /// Runs `Command` with the process arguments.
    ///
    /// `ostree NAME …` starts `ostree-NAME` with NAME as argv[1]; a leading argument equal to one of `names`, or
    /// to the name the binary was started under less its `ostree-` prefix, is dropped so the binary works both
    /// that way and when run directly. Product errors print as one line
    /// `error: …` on stderr with exit status 1; usage errors keep ArgumentParser's message, usage and status 64.
    public static func run<Command: AsyncParsableCommand>(_: Command.Type, names: [String]) async -> Never {
        // A closed pipe is reported as an error on write (EPIPE), not by a silent death.
        signal(SIGPIPE, SIG_IGN)
        var arguments = Array(CommandLine.arguments.dropFirst())
        let startedAs = CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? ""
        if let first = arguments.first, names.contains(first) || startedAs == "ostree-\(first)" {
            arguments.removeFirst()
        }
        do {
            var command = try Command.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let error as ToolError {
            fail(error.description)
        } catch let error as GLibError {
            fail(error.description)
        } catch {
            Command.exit(withError: error)
        }
    }

    private static func fail(_ message: String) -> Never {
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: "; ")
        FileHandle.standardError.write(Data("error: \(oneLine)\n".utf8))
        exit(1)
    }
}
