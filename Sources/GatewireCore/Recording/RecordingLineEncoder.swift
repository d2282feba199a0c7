import Foundation

/// Builds one recording line: a JSON object whose top-level keys appear in the order they are added.
///
/// `JSONEncoder` either sorts keys or emits them in an unspecified order that can change between runs, and a
/// recording needs both: bytes that are the same every time (so golden files stay golden) and `type` first (so
/// a person scanning the file sees what each line is). Each value is encoded on its own with sorted keys, so
/// nested objects (findings, resolutions, decoded queries) are deterministic too.
struct RecordingLineEncoder: Sendable {
    private let encoder: JSONEncoder

    /// Creates an encoder; slashes stay unescaped because paths and route keys are full of them.
    init() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder
    }

    /// The fields of one object, in insertion order.
    struct Fields {
        fileprivate var bytes: Data
        fileprivate let encoder: JSONEncoder

        /// Appends a field.
        mutating func add(_ key: String, _ value: some Encodable) throws {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(try encoder.encode(key))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(try encoder.encode(value))
        }

        /// Appends a field unless its value is `nil`, which keeps lines short: an absent field reads as `nil`.
        mutating func addIfPresent(_ key: String, _ value: (some Encodable)?) throws {
            guard let value else { return }
            try add(key, value)
        }
    }

    /// Encodes one object, without the line's newline.
    func object(_ build: (inout Fields) throws -> Void) throws -> Data {
        var fields = Fields(bytes: Data([UInt8(ascii: "{")]), encoder: encoder)
        try build(&fields)
        fields.bytes.append(UInt8(ascii: "}"))
        return fields.bytes
    }
}
