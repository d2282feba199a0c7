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
        // Capture import: NIO's HTTP/1 and WebSocket decoders, and zlib (via compress-nio) for permessage-deflate.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "GatewireCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSwiftSettings
        ),
        // Capture import: libpcap as a system library, and the module that turns packets into session events.
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"]), .brew(["libpcap"])]
        ),
        .target(
            name: "GatewireCapture",
            dependencies: [
                "GatewireCore",
                "CPcap",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireCaptureTests",
            dependencies: [
                "GatewireCapture",
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .executableTarget(
            name: "gatewire",
            dependencies: [
                "GatewireCore",
                "GatewireCapture",
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
