import Foundation

/// Builds one recording line: a JSON object whose top-level keys appear in the order they are added.
///
/// `JSONEncoder` either sorts keys or emits them in an unspecified order that can change between runs, and a
/// recording needs both: bytes that are the same every time (so golden files stay golden) and `type` first (so
/// a person scanning the file sees what each line is). Each value is encoded on its own with sorted keys, so
/// nested objects (findings, resolutions, decoded queries) are deterministic too.
///
/// Strings, timestamps, numbers and payloads — everything on a message line — are written directly into one byte
/// array: `JSONEncoder` costs microseconds per call and encodes payload text at a few tens of MB/s, which made
/// printing a capture's messages several times slower than decoding them. The bytes are the same as
/// `JSONEncoder`'s (RecordingLineEncoderTests compares them).
struct RecordingLineEncoder: Sendable {
    /// Encodes the nested values (findings, resolutions, headers) that are not written directly.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Creates an encoder; slashes stay unescaped because paths and route keys are full of them.
    init() {}

    /// The fields of one object, in insertion order, appended to a line being built.
    struct Fields {
        var bytes: [UInt8]
        /// Where this object's `{` is, so the first field is written without a comma.
        fileprivate let start: Int

        /// Appends a field.
        mutating func add(_ key: StaticString, _ value: some Encodable) throws {
            addKey(key)
            switch value {
            case let string as String: RecordingLineEncoder.appendString(string, to: &bytes)
            case let time as Timestamp:
                bytes.append(UInt8(ascii: "\""))
                time.appendRFC3339(to: &bytes)
                bytes.append(UInt8(ascii: "\""))
            case let direction as Direction: RecordingLineEncoder.appendString(direction.rawValue, to: &bytes)
            case let opcode as Opcode: RecordingLineEncoder.appendString(opcode.name, to: &bytes)
            case let number as Int: RecordingLineEncoder.appendInteger(number, to: &bytes)
            case let number as UInt16: RecordingLineEncoder.appendInteger(Int(number), to: &bytes)
            case let flag as Bool: bytes.append(contentsOf: flag ? Self.trueBytes : Self.falseBytes)
            default: bytes.append(contentsOf: try RecordingLineEncoder.encoder.encode(value))
            }
        }

        /// Appends a field unless its value is `nil`, which keeps lines short: an absent field reads as `nil`.
        mutating func addIfPresent(_ key: StaticString, _ value: (some Encodable)?) throws {
            guard let value else { return }
            try add(key, value)
        }

        /// Appends `key` with `payload` as a JSON string when the payload is valid UTF-8, validating and escaping
        /// as it goes, without building a `String`.
        ///
        /// - Returns: `false`, leaving the line as it was, when the payload is not valid UTF-8.
        mutating func addUTF8Text(_ key: StaticString, _ payload: [UInt8]) -> Bool {
            let mark = bytes.count
            addKey(key)
            let valid = payload.withUnsafeBufferPointer {
                RecordingLineEncoder.appendQuoted($0, validating: true, to: &bytes)
            }
            if !valid { bytes.removeSubrange(mark...) }
            return valid
        }

        /// Appends `key` with `payload` in base64 (RFC 4648 §4, padded), whose alphabet needs no JSON escapes.
        mutating func addBase64(_ key: StaticString, _ payload: [UInt8]) {
            addKey(key)
            bytes.append(UInt8(ascii: "\""))
            Base64.append(payload, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }

        /// Appends `key` with a nested object whose fields `build` adds; as with the line itself, the fields appear
        /// in the order they are added, so callers add them sorted to match `JSONEncoder`'s `.sortedKeys`.
        mutating func addObject(_ key: StaticString, _ build: (inout Fields) throws -> Void) rethrows {
            addKey(key)
            try RecordingLineEncoder.appendObject(to: &bytes, build)
        }

        /// Appends `key` with a JSON array whose elements `build` appends, one call per element.
        mutating func addArray<Element>(
            _ key: StaticString, _ elements: [Element], _ build: (Element, inout [UInt8]) throws -> Void
        ) rethrows {
            addKey(key)
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try build(element, &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        /// Appends a field's key and its colon. Keys are the format's field names, plain ASCII that needs no escape,
        /// written as they are.
        mutating func addKey(_ key: StaticString) {
            if bytes.count > start + 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            key.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
        }

        static let trueBytes = Array("true".utf8)
        static let falseBytes = Array("false".utf8)
    }

    /// Encodes one object, without the line's newline.
    func object(_ build: (inout Fields) throws -> Void) throws -> Data {
        var bytes: [UInt8] = []
        try object(appendingTo: &bytes, build)
        return Data(bytes)
    }

    /// Appends one object, without the line's newline, to `bytes`.
    func object(appendingTo bytes: inout [UInt8], _ build: (inout Fields) throws -> Void) throws {
        try Self.appendObject(to: &bytes, build)
    }

    /// Appends one object to `bytes`: `{`, the fields `build` adds, `}`.
    static func appendObject(to bytes: inout [UInt8], _ build: (inout Fields) throws -> Void) rethrows {
        var fields = Fields(bytes: [], start: bytes.count)
        // Move the buffer into the fields and back, so appending never copies what the line already holds.
        swap(&fields.bytes, &bytes)
        defer { swap(&fields.bytes, &bytes) }
        fields.bytes.append(UInt8(ascii: "{"))
        try build(&fields)
        fields.bytes.append(UInt8(ascii: "}"))
    }

    /// Appends `string` as a JSON string literal, escaped exactly as `JSONEncoder` with `.withoutEscapingSlashes`
    /// does: `"` and `\\` escaped, the control characters below U+0020 as `\b \t \n \f \r` or `\u00xx`, every
    /// other character as its UTF-8 bytes (RFC 8259 §7).
    static func appendString(_ string: String, to bytes: inout [UInt8]) {
        var string = string
        string.withUTF8 { _ = appendQuoted($0, validating: false, to: &bytes) }
    }

    /// Appends `string` as a JSON string literal; see `appendString(_:to:)`.
    static func appendString(_ string: String, to data: inout Data) {
        var bytes: [UInt8] = []
        appendString(string, to: &bytes)
        data.append(contentsOf: bytes)
    }

    /// Appends UTF-8 bytes as a JSON string literal, checking on the way that they are valid UTF-8 when asked.
    ///
    /// Plain runs (`JSONStringRun`) are copied as they are and the byte after each is escaped. A multi-byte UTF-8
    /// sequence holds no ASCII byte, so a run never ends inside a valid one: checking each run that is not all ASCII
    /// checks the whole text.
    ///
    /// - Returns: `false` when validation was asked for and failed; `bytes` then holds a partial literal.
    static func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>, validating: Bool, to bytes: inout [UInt8]) -> Bool {
        bytes.reserveCapacity(bytes.count + utf8.count + 2)
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        while true {
            let run = JSONStringRun.scan(utf8, from: start)
            let plain = UnsafeBufferPointer(rebasing: utf8[start..<run.end])
            if validating, !run.isASCII, !UTF8Validation.isValid(plain) { return false }
            bytes.append(contentsOf: plain)
            guard run.end < utf8.count else { break }
            appendEscape(for: utf8[run.end], to: &bytes)
            start = run.end + 1
        }
        bytes.append(UInt8(ascii: "\""))
        return true
    }

    private static func appendEscape(for byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            let hex: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            hex.withUTF8Buffer { digits in
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
    }

    /// Appends the decimal digits of `number`, as `JSONEncoder` writes an `Int`.
    static func appendInteger(_ number: Int, to bytes: inout [UInt8]) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        // Twenty digits hold any UInt64.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var end = buffer.count
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: buffer[end...])
        }
    }
}
