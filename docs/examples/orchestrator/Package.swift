// swift-tools-version: 6.1
// An orchestrator's use of Berth as a library, through documented public API only.
// Built by CI: `swift build --package-path docs/examples/orchestrator`.
import PackageDescription

let package = Package(
    name: "Orchestrator",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Berth", path: "../../..")],
    targets: [
        .executableTarget(name: "Orchestrator", dependencies: [.product(name: "Berth", package: "Berth")]),
    ]
)
