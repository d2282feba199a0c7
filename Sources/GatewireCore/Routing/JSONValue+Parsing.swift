extension JSONValue {
    /// How deeply arrays and objects may nest before a body counts as not JSON.
    ///
    /// The parser recurses once per level, so an unbounded depth would let a hostile message
    /// (`[[[[…`) overflow the stack. 512 is far beyond any real route-selection body and matches the default
    /// nesting limit of common JSON parsers.
    static let maximumDepth = 512

    /// Parses a message body strictly by RFC 8259.
    ///
    /// A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 lets parsers ignore it). Invalid UTF-8, trailing
    /// text, comments, single quotes and other leniencies make the body "not JSON", which the gateway sends to
    /// `$default` ("Non-JSON messages are directed to a `$default` route", AWS route docs). A `\u` escape that is
    /// a lone surrogate becomes U+FFFD rather than failing, because lenient Java parsers accept it.
    ///
    /// - Returns: the value, or `nil` when the body is not JSON.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var parser = JSONByteParser(bytes: bytes)
        return parser.parseDocument()
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes; every failure is `nil`, never a crash.
private struct JSONByteParser {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    mutating func parseDocument() -> JSONValue? {
        guard let value = parseValue(depth: 0) else { return nil }
        skipWhitespace()
        return position == bytes.count ? value : nil
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        // RFC 8259 §2: only space, tab, line feed and carriage return are insignificant whitespace.
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            position += 1
        }
    }

    private mutating func consume(_ literal: String) -> Bool {
        let expected = Array(literal.utf8)
        guard bytes[position...].starts(with: expected) else { return false }
        position += expected.count
        return true
    }

    private mutating func parseValue(depth: Int) -> JSONValue? {
        guard depth <= JSONValue.maximumDepth else { return nil }
        skipWhitespace()
        guard let byte = current else { return nil }
        switch byte {
        case UInt8(ascii: "{"): return parseObject(depth: depth)
        case UInt8(ascii: "["): return parseArray(depth: depth)
        case UInt8(ascii: "\""): return parseString().map(JSONValue.string)
        case UInt8(ascii: "t"): return consume("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return consume("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return consume("null") ? .null : nil
        default: return parseNumber().map(JSONValue.number)
        }
    }

    private mutating func parseObject(depth: Int) -> JSONValue? {
        position += 1
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\""), let key = parseString() else { return nil }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { return nil }
            position += 1
            guard let value = parseValue(depth: depth + 1) else { return nil }
            members.append(JSONValue.Member(key: key, value: value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default: return nil
            }
        }
    }

    private mutating func parseArray(depth: Int) -> JSONValue? {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            guard let element = parseValue(depth: depth + 1) else { return nil }
            elements.append(element)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: return nil
            }
        }
    }

    /// Reads `-? int frac? exp?` (RFC 8259 §6) and returns its exact source text.
    private mutating func parseNumber() -> String? {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, isDigit(first) else { return nil }
        position += 1
        // A leading zero may not be followed by more digits (`01` is not JSON).
        if first != UInt8(ascii: "0") { skipDigits() }
        if current == UInt8(ascii: ".") {
            position += 1
            guard let digit = current, isDigit(digit) else { return nil }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard let digit = current, isDigit(digit) else { return nil }
            skipDigits()
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { position += 1 }
    }

    /// Reads a quoted string starting at its opening quote; rejects raw control characters and invalid UTF-8.
    private mutating func parseString() -> String? {
        position += 1
        var scalars: [UInt8] = []
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validatingUTF8Bytes: scalars)
            case UInt8(ascii: "\\"):
                guard appendEscape(to: &scalars) else { return nil }
            case 0x00..<0x20:
                return nil
            default:
                scalars.append(byte)
            }
        }
        return nil
    }

    private mutating func appendEscape(to output: inout [UInt8]) -> Bool {
        guard let byte = current else { return false }
        position += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
            UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[byte] {
            output.append(replacement)
            return true
        }
        guard byte == UInt8(ascii: "u"), let unit = readHexUnit() else { return false }
        var scalar = Unicode.Scalar(unit)
        if (0xD800..<0xDC00).contains(unit), bytes[position...].starts(with: Array("\\u".utf8)) {
            let saved = position
            position += 2
            if let low = readHexUnit(), (0xDC00..<0xE000).contains(low) {
                scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
            } else {
                position = saved
            }
        }
        output.append(contentsOf: Array(String(Character(scalar ?? "\u{FFFD}")).utf8))
        return true
    }

    private mutating func readHexUnit() -> UInt16? {
        guard position + 4 <= bytes.count,
            let unit = UInt16(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { return nil }
        // `UInt16(_:radix:)` accepts a leading sign; JSON allows hex digits only.
        guard bytes[position..<position + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else { return nil }
        position += 4
        return unit
    }
}

extension String {
    /// Decodes UTF-8, failing on invalid sequences instead of repairing them.
    fileprivate init?(validatingUTF8Bytes bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: self = String(scalars); return
            case .error: return nil
            }
        }
    }
}
