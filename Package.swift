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
        .library(name: "GatewireMock", targets: ["GatewireMock"]),
        .library(name: "GatewireCapture", targets: ["GatewireCapture"]),
        .library(name: "GatewireWeb", targets: ["GatewireWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        // zlib for permessage-deflate in capture import.
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        // The pure core: Foundation and Yams only (scripts/check-core-purity enforces it).
        .target(
            name: "GatewireCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: sharedSwiftSettings
        ),
        // NIOWebSocket glue shared by the proxy, the mock and capture import: frame mapping and fast masking.
        .target(
            name: "GatewireWebSocketSupport",
            dependencies: [
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        // The man-in-the-middle proxy.
        .target(
            name: "GatewireProxy",
            dependencies: [
                "GatewireCore",
                "GatewireWebSocketSupport",
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
        // The mock gateway: stages, @connections, integrations, replay.
        .target(
            name: "GatewireMock",
            dependencies: [
                "GatewireCore",
                "GatewireWebSocketSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                // TLS for client-side replay against wss:// backends.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        // The live web view: a small NIOHTTP1 server, the page as resources, fed by a pipeline sink.
        .target(
            name: "GatewireWeb",
            dependencies: [
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            resources: [.copy("Resources")],
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
                "GatewireWebSocketSupport",
                "CPcap",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        // The command line: argument parsing and wiring only.
        .executableTarget(
            name: "gatewire",
            dependencies: [
                "GatewireCore",
                "GatewireProxy",
                "GatewireMock",
                "GatewireCapture",
                "GatewireWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The recording `gatewire proxy` replays through the built-in mock when no --upstream is given.
            resources: [.copy("Resources/default-session.jsonl")],
            swiftSettings: sharedSwiftSettings
        ),
        // Test helpers more than one test target needs.
        .target(
            name: "GatewireTestSupport",
            path: "Tests/GatewireTestSupport",
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireCoreTests",
            dependencies: ["GatewireCore", "GatewireTestSupport"],
            resources: [.copy("Recording/Fixtures")],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireProxyTests",
            dependencies: [
                "GatewireProxy",
                "GatewireTestSupport",
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
            name: "GatewireMockTests",
            dependencies: [
                "GatewireMock",
                "GatewireTestSupport",
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Peers"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireCaptureTests",
            dependencies: [
                "GatewireCapture",
                "GatewireCore",
                "GatewireTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireWebSocketSupportTests",
            dependencies: [
                "GatewireWebSocketSupport",
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireWebTests",
            dependencies: [
                "GatewireWeb",
                "GatewireTestSupport",
                "GatewireCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Peers"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "GatewireCLITests",
            dependencies: [
                "gatewire",
                "GatewireCore",
                "GatewireTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Peers"],
            swiftSettings: sharedSwiftSettings
        ),
    ]
)
