// swift-tools-version:5.4
// The fuzz targets: a package of its own, so `swift build` of Gatewire neither builds nor links them.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable's entry point to `<module>_main` and
// links it with `--defsym main=<module>_main`, which collides with the `main` that `-sanitize=fuzzer` links in
// whole from libFuzzer. Each target is built with `-parse-as-library` and only defines `LLVMFuzzerTestOneInput`.
// `scripts/fuzz` builds and runs them; docs/fuzzing.md explains how.
import PackageDescription

let gatewire: [Target.Dependency] = [
    .product(name: "GatewireCore", package: "Gatewire"),
    .product(name: "GatewireCapture", package: "Gatewire"),
]

let targets = [
    "FuzzPcap", "FuzzPcapng", "FuzzHAR", "FuzzRecording", "FuzzFrames", "FuzzJSON", "FuzzRouteExpression",
    "FuzzRouteConfig", "FuzzConnectURL", "FuzzInterceptRule",
]

let package = Package(
    name: "GatewireFuzz",
    dependencies: [.package(name: "Gatewire", path: "..")],
    targets: [.target(name: "FuzzSupport", dependencies: gatewire)]
        + targets.map { .executableTarget(name: $0, dependencies: ["FuzzSupport"] + gatewire) }
)
