/// A strict JSON (RFC 8259) parser that keeps object keys in file order and reports errors by line and column.
///
/// Foundation's `JSONSerialization` loses key order (route keys must come out in file order) and reports errors
/// as a character offset in a debug string, so route configuration files are parsed here instead.
struct JSONDocumentParser {
    /// Nesting deeper than this is refused instead of risking the stack on hostile input; real templates nest
    /// fewer than 20 levels.
    static let maxDepth = 512

    /// A syntax error with its position.
    struct SyntaxError: Error {
        var position: TextPosition
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1

    /// Parses one JSON document.
    ///
    /// - Throws: `SyntaxError` naming the line and column of the first problem.
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> ConfigNode {
        var parser = JSONDocumentParser(bytes: bytes)
        // A UTF-8 byte order mark is tolerated, as editors on Windows write one.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count { throw parser.error("unexpected text after the JSON value") }
        return node
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var position: TextPosition { TextPosition(line: line, column: column) }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(position: position, message: message)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            // Continuation bytes belong to the scalar already counted.
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { advance() }
    }

    private func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the file" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> ConfigNode {
        guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        let start = position
        switch current {
        case UInt8(ascii: "{"): return try parseObject(depth: depth, start: start)
        case UInt8(ascii: "["): return try parseArray(depth: depth, start: start)
        case UInt8(ascii: "\""): return ConfigNode(.scalar(try parseString(), .string), at: start)
        case UInt8(ascii: "t"): try expectWord("true"); return ConfigNode(.scalar("true", .boolean), at: start)
        case UInt8(ascii: "f"): try expectWord("false"); return ConfigNode(.scalar("false", .boolean), at: start)
        case UInt8(ascii: "n"): try expectWord("null"); return ConfigNode(.scalar("null", .null), at: start)
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            return ConfigNode(.scalar(try parseNumber(), .number), at: start)
        default:
            throw error("expected a JSON value, found \(describe(current))")
        }
    }

    private mutating func expectWord(_ word: String) throws(SyntaxError) {
        for expected in word.utf8 {
            guard current == expected else { throw error("expected '\(word)', found \(describe(current))") }
            advance()
        }
    }

    private mutating func parseObject(depth: Int, start: TextPosition) throws(SyntaxError) -> ConfigNode {
        advance()
        var entries: [(key: String, value: ConfigNode)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            advance()
            return ConfigNode(.map(entries), at: start)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw error("expected a quoted key, found \(describe(current))")
            }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw error("expected ':' after a key, found \(describe(current))")
            }
            advance()
            skipWhitespace()
            entries.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"): advance(); return ConfigNode(.map(entries), at: start)
            default: throw error("expected ',' or '}' in an object, found \(describe(current))")
            }
        }
    }

    private mutating func parseArray(depth: Int, start: TextPosition) throws(SyntaxError) -> ConfigNode {
        advance()
        var elements: [ConfigNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            advance()
            return ConfigNode(.list(elements), at: start)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"): advance(); return ConfigNode(.list(elements), at: start)
            default: throw error("expected ',' or ']' in an array, found \(describe(current))")
            }
        }
    }

    private mutating func parseNumber() throws(SyntaxError) -> String {
        let startIndex = index
        if current == UInt8(ascii: "-") { advance() }
        guard let first = current, isDigit(first) else { throw error("expected a digit, found \(describe(current))") }
        advance()
        if first != UInt8(ascii: "0") { while let byte = current, isDigit(byte) { advance() } }
        if current == UInt8(ascii: ".") {
            advance()
            try digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            try digits()
        }
        return String(decoding: bytes[startIndex..<index], as: UTF8.self)
    }

    private mutating func digits() throws(SyntaxError) {
        guard let byte = current, isDigit(byte) else { throw error("expected a digit, found \(describe(current))") }
        while let byte = current, isDigit(byte) { advance() }
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func parseString() throws(SyntaxError) -> String {
        advance()
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                advance()
                scalars.append(try parseEscape())
            case 0x00..<0x20:
                throw error("control character \(describe(byte)) inside a string (write it as an escape)")
            default:
                run.append(byte)
                advance()
            }
        }
    }

    private mutating func parseEscape() throws(SyntaxError) -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated string") }
        let simple: [UInt8: Unicode.Scalar] = [
            UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/", UInt8(ascii: "b"): "\u{08}",
            UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "n"): "\n", UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
        ]
        if let scalar = simple[byte] {
            advance()
            return scalar
        }
        guard byte == UInt8(ascii: "u") else { throw error("invalid escape '\\\(describe(byte))' in a string") }
        advance()
        let unit = try hexQuad()
        if (0xD800..<0xDC00).contains(unit) {
            // A high surrogate must be followed by an escaped low surrogate (RFC 8259 §7).
            guard current == UInt8(ascii: "\\") else { throw error("unpaired surrogate \\u\(hex(unit))") }
            advance()
            guard current == UInt8(ascii: "u") else { throw error("unpaired surrogate \\u\(hex(unit))") }
            advance()
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate \\u\(hex(unit))") }
            let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw error("invalid escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(unit) else { throw error("unpaired surrogate \\u\(hex(unit))") }
        return scalar
    }

    private func hex(_ unit: UInt16) -> String { String(unit, radix: 16, uppercase: true) }

    private mutating func hexQuad() throws(SyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else {
                throw error("expected 4 hex digits after \\u, found \(describe(current))")
            }
            value = value << 4 | UInt16(digit)
            advance()
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
