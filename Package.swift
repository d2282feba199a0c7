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
        .library(name: "GatewireProxy", targets: ["GatewireProxy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        .target(
            name: "GatewireCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "GatewireProxy",
            dependencies: [
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .executableTarget(
            name: "gatewire",
            dependencies: [
                "GatewireCore",
                "GatewireProxy",
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
            name: "GatewireProxyTests",
            dependencies: [
                "GatewireProxy",
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
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
