// swift-tools-version:6.0
import PackageDescription

/// Settings every target shares: strict concurrency comes with the Swift 6 language mode; the upcoming
/// features keep imports explicit and existentials spelled out.
let sharedSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Gatewire",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gatewire", targets: ["gatewire"]),
        .library(name: "GatewireCore", targets: ["GatewireCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ],
    targets: [
        .target(
            name: "GatewireCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "GatewireMock",
            dependencies: [
                "GatewireCore",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .executableTarget(
            name: "gatewire",
            dependencies: [
                "GatewireCore",
                "GatewireMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireCoreTests",
            dependencies: ["GatewireCore"],
            resources: [.copy("Recording/Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireMockTests",
            dependencies: [
                "GatewireMock",
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Peers"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireCLITests",
            dependencies: [
                "gatewire",
                "GatewireCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
    ]
)
