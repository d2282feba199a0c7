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
            RecordingLineEncoder.appendString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            // The scalar fields of every line are written directly: JSONEncoder costs microseconds per call and
            // encodes payload text at a few tens of MB/s, which made writing a recording slower than decoding the
            // capture it comes from. The bytes are the same (RecordingLineEncoderTests compares them).
            switch value {
            case let string as String: RecordingLineEncoder.appendString(string, to: &bytes)
            case let time as Timestamp: RecordingLineEncoder.appendString(time.rfc3339, to: &bytes)
            case let direction as Direction: RecordingLineEncoder.appendString(direction.rawValue, to: &bytes)
            case let opcode as Opcode: RecordingLineEncoder.appendString(opcode.name, to: &bytes)
            case let number as Int: bytes.append(contentsOf: Array(String(number).utf8))
            case let flag as Bool: bytes.append(contentsOf: Array((flag ? "true" : "false").utf8))
            default: bytes.append(try encoder.encode(value))
            }
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

    /// Appends `string` as a JSON string literal, escaped exactly as `JSONEncoder` with `.withoutEscapingSlashes`
    /// does: `"` and `\\` escaped, the control characters below U+0020 as `\b \t \n \f \r` or `\u00xx`, every
    /// other character as its UTF-8 bytes (RFC 8259 §7).
    static func appendString(_ string: String, to bytes: inout Data) {
        var string = string
        string.withUTF8 { utf8 in
            var output = [UInt8]()
            output.reserveCapacity(utf8.count + 2)
            output.append(UInt8(ascii: "\""))
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
            output.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: output)
        }
    }
}
