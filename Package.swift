// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Berth",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Berth", targets: ["Berth"]),
        .library(name: "BerthMIP", targets: ["BerthMIP"]),
        .executable(name: "berth", targets: ["berth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        // The only code that includes glpk.h (Debian's libglpk-dev, GLPK 5.0).
        .target(
            name: "CGLPKShim",
            linkerSettings: [.linkedLibrary("glpk")]
        ),
        // zlib (Debian's zlib1g-dev), to read gzipped BtrPlace instances.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "BerthMIP",
            dependencies: [
                "CGLPKShim",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Berth",
            dependencies: [
                "BerthMIP",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "berth",
            dependencies: [
                "Berth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks on public instances (../shared/benchdata or $BERTH_BENCHDATA); not part of `swift test`.
        .executableTarget(name: "BerthBench", dependencies: ["Berth"], path: "Benchmarks/BerthBench"),
        // Fuzz targets for every reader of untrusted input: libFuzzer via `Benchmarks/fuzz.sh`,
        // a corpus replayer otherwise.
        .executableTarget(name: "BerthFuzz", dependencies: ["Berth"], path: "Benchmarks/BerthFuzz"),
        .testTarget(name: "BerthMIPTests", dependencies: ["BerthMIP", "CGLPKShim"]),
        .testTarget(name: "BerthTests", dependencies: ["Berth", "BerthMIP"], exclude: ["Fixtures"]),
        .testTarget(name: "BerthCLITests", dependencies: ["Berth", "berth"], exclude: ["Fixtures"]),
    ]
)
