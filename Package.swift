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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
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
        // `berth serve`: HTTP/JSON jobs (Hummingbird), kept in SQLite (GRDB), stopped gracefully (swift-service-lifecycle).
        .target(
            name: "BerthServer",
            dependencies: [
                "Berth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("openapi.yaml")]
        ),
        .executableTarget(
            name: "berth",
            dependencies: [
                "Berth",
                "BerthServer",
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
        .testTarget(name: "BerthServerTests", dependencies: ["Berth", "BerthServer", "berth"]),
    ]
)
