// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The executables, each a thin front end over `Shared`: (product/binary name, target folder).
let commands: [(binary: String, target: String)] = [
    ("export-commit", "ExportCommit"),
    ("import-commit", "ImportCommit"),
    ("diff", "CommitDiff"),
    ("container-encapsulate", "ContainerEncapsulate"),
    ("container-pull", "ContainerPull"),
    ("container-image", "ContainerImage"),
]

let package = Package(
    name: "swift-ostree-ext",
    products: commands.map { .executable(name: $0.binary, targets: [$0.target]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COSTree", path: "Sources/CSystem/COSTree",
            pkgConfig: "ostree-1", providers: [.apt(["libostree-dev"])]),
        .systemLibrary(
            name: "CLibArchive", path: "Sources/CSystem/CLibArchive",
            pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CSystem/CZlib",
            pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CIsal", path: "Sources/CSystem/CIsal",
            pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(
            name: "CZstd", path: "Sources/CSystem/CZstd",
            pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "Shared",
            dependencies: [
                "COSTree", "CLibArchive", "CZlib", "CIsal", "CZstd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(name: "SharedTests", dependencies: ["Shared"], swiftSettings: strict),
        .testTarget(
            name: "CommandTests",
            dependencies: ["Shared", .product(name: "Crypto", package: "swift-crypto")]
                + commands.map { .target(name: $0.target) },
            swiftSettings: strict),
    ] + commands.map { .executableTarget(name: $0.target, dependencies: ["Shared"], swiftSettings: strict) }
)
