import Foundation

/// The one JSON style of every `gatewire --json` output: stable key order, unescaped slashes.
enum JSONOutput {
    /// Encodes a value as one pretty-printed JSON document.
    static func document(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
