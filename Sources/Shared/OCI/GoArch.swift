import Glibc

/// A CPU architecture in Go's naming, as image configs and platforms spell it.
public enum GoArch: String, CaseIterable, Sendable {
    /// x86-64.
    case amd64
    /// 64-bit ARM.
    case arm64
    /// 64-bit little-endian POWER.
    case ppc64le
    /// IBM Z.
    case s390x
    /// 32-bit x86 (Go name `386`).
    case i386 = "386"
    /// 32-bit ARM.
    case arm
    /// 64-bit RISC-V.
    case riscv64

    /// Maps the usual spellings (kernel `uname -m`, Rust/Debian/RPM names, and the Go names themselves) to a Go
    /// architecture: `x86_64`/`amd64`, `aarch64`/`arm64`, `ppc64le`/`powerpc64le`, `s390x`,
    /// `i386`…`i686`/`x86`/`386`, `arm`/`armhf`/`armel`/`armv6l`/`armv7l`/`armv8l`, `riscv64`.
    /// `nil` for anything else.
    public init?(spelling: String) {
        switch spelling {
        case "x86_64", "amd64", "x86-64": self = .amd64
        case "aarch64", "arm64": self = .arm64
        case "ppc64le", "powerpc64le": self = .ppc64le
        case "s390x": self = .s390x
        case "386", "i386", "i486", "i586", "i686", "x86": self = .i386
        case "arm", "armhf", "armel", "armv6l", "armv7l", "armv7", "armv8l": self = .arm
        case "riscv64": self = .riscv64
        default: return nil
        }
    }

    /// The architecture of the running kernel, from `uname(2)`'s `machine` field.
    /// - Throws: `ToolError(.io)` if `uname` fails; `ToolError(.unsupported)` naming the machine when it has no
    ///   Go name here.
    public static func host() throws -> GoArch {
        var names = utsname()
        guard uname(&names) == 0 else { throw ToolError(.io, "uname failed with errno \(errno)") }
        // `machine` is a fixed C char array imported as a tuple; read it without pointers.
        let bytes = Mirror(reflecting: names.machine).children.compactMap { $0.value as? CChar }
            .prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let machine = String(decoding: bytes, as: UTF8.self)
        guard let arch = GoArch(spelling: machine) else {
            throw ToolError(.unsupported, "unsupported host architecture '\(machine)'")
        }
        return arch
    }
}
