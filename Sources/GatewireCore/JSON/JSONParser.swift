/// A strict JSON (RFC 8259) parser over UTF-8 bytes that builds the caller's own tree type and reports errors by
/// line and column.
///
/// Foundation's `JSONSerialization` loses what both of Gatewire's JSON readers need: object members in the order
/// they were written (route keys are reported in file order, and message bodies are stringified member by member),
/// numbers as their source text (`1.50` stays `1.50`), booleans apart from numbers (Linux hands both back as
/// `NSNumber`), and a usable error position (it gives a character offset inside a debug string). So one parser
/// serves message bodies (`JSONValue`) and route configuration files (`ConfigNode`); the options hold the only
/// places where the two disagree.
///
/// A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 lets parsers ignore it; editors on Windows write
/// one). Everything else RFC 8259 does not allow is an error: invalid UTF-8, trailing text, comments, single
/// quotes, trailing commas, leading zeros. Duplicate object keys are all kept, in order; the tree decides which
/// one a lookup takes.
struct JSONParser: Sendable {
    /// What a `\u` escape holding half of a UTF-16 surrogate pair without its other half turns into.
    enum LoneSurrogates: Sendable {
        /// The document is not JSON: RFC 8259 §7 only allows surrogates as escaped pairs.
        case reject
        /// The escape becomes U+FFFD and parsing goes on, as lenient Java parsers (Jackson) do.
        case replace
    }

    /// One leaf value, as written.
    enum Scalar: Hashable, Sendable {
        /// A string, unescaped.
        case string(String)
        /// A number, as its exact source text (`-0`, `1e3`, `2.50`).
        case number(String)
        case bool(Bool)
        case null
    }

    /// How many levels values may nest, the top-level value being level 1; a value deeper than this is an error.
    ///
    /// The parser recurses once per level, so an unbounded depth would let hostile input (`[[[[…`) overflow the
    /// stack. 512 is the default nesting limit of common JSON parsers and far beyond any real document: route
    /// configuration templates nest fewer than 20 levels.
    var maximumDepth: Int
    /// What lone surrogate escapes become.
    var loneSurrogates: LoneSurrogates

    /// Creates a parser with the given limits.
    init(maximumDepth: Int = 512, loneSurrogates: LoneSurrogates = .reject) {
        self.maximumDepth = maximumDepth
        self.loneSurrogates = loneSurrogates
    }

    /// Parses one JSON document into the tree type `Node`.
    ///
    /// - Parameters:
    ///   - bytes: The document, UTF-8.
    ///   - _: The tree type to build, when the context does not say.
    /// - Returns: The root node.
    /// - Throws: `JSONParseError` naming the line, column and byte offset of the first problem.
    func parse<Node: JSONTreeNode>(_ bytes: [UInt8], as _: Node.Type = Node.self) throws(JSONParseError) -> Node {
        var cursor = JSONCursor(bytes: bytes, options: self)
        return try cursor.parseDocument()
    }
}

/// The reading state of one `JSONParser.parse` call: the bytes, where reading is, and the line and column there.
///
/// Besides building a whole tree, it can read a value without building it (`skipValue`, with the same checks and
/// errors), which lets route selection build only the values its paths select (`MessageBodySelection`).
struct JSONCursor {
    /// A place in the input, enough to report an error there or to read from there again.
    struct Mark {
        var index: Int
        var position: TextPosition
    }

    private let bytes: [UInt8]
    private let options: JSONParser
    private var mark = Mark(index: 0, position: TextPosition(line: 1, column: 1))

    /// How many levels values may nest (`JSONParser.maximumDepth`).
    var maximumDepth: Int { options.maximumDepth }

    init(bytes: [UInt8], options: JSONParser) {
        self.bytes = bytes
        self.options = options
        // The byte order mark does not count as a column: editors do not show it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { mark.index = 3 }
    }

    mutating func parseDocument<Node: JSONTreeNode>() throws(JSONParseError) -> Node {
        skipWhitespace()
        let node: Node = try parseValue(depth: 1)
        skipWhitespace()
        if mark.index < bytes.count { throw error("unexpected text after the JSON value") }
        return node
    }

    func error(_ message: String, at place: Mark? = nil) -> JSONParseError {
        let place = place ?? mark
        return JSONParseError(position: place.position, offset: place.index, message: message)
    }

    /// The byte at the reading place, or `nil` at the end.
    var current: UInt8? { mark.index < bytes.count ? bytes[mark.index] : nil }

    /// Moves past the current byte, keeping the line and column.
    mutating func advance() {
        let byte = bytes[mark.index]
        mark.index += 1
        if byte == UInt8(ascii: "\n") {
            mark.position.line += 1
            mark.position.column = 1
        } else if byte & 0xC0 != 0x80 {
            // Continuation bytes belong to the scalar already counted.
            mark.position.column += 1
        }
    }

    /// Moves past insignificant whitespace.
    mutating func skipWhitespace() {
        // RFC 8259 §2: only space, tab, line feed and carriage return are insignificant whitespace.
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { advance() }
    }

    /// Names a byte for an error message.
    func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the file" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    /// Reads the value at the reading place, `depth` levels deep, into the tree type `Node`.
    mutating func parseValue<Node: JSONTreeNode>(depth: Int) throws(JSONParseError) -> Node {
        guard depth <= options.maximumDepth else {
            throw error("nesting deeper than \(options.maximumDepth) levels")
        }
        let start = mark.position
        switch current {
        case UInt8(ascii: "{"): return try parseObject(depth: depth, start: start)
        case UInt8(ascii: "["): return try parseArray(depth: depth, start: start)
        case UInt8(ascii: "\""): return .jsonScalar(.string(try parseString()), at: start)
        case UInt8(ascii: "t"): try expectWord("true"); return .jsonScalar(.bool(true), at: start)
        case UInt8(ascii: "f"): try expectWord("false"); return .jsonScalar(.bool(false), at: start)
        case UInt8(ascii: "n"): try expectWord("null"); return .jsonScalar(.null, at: start)
        case let byte? where byte == UInt8(ascii: "-") || isDigit(byte):
            return .jsonScalar(.number(try parseNumber()), at: start)
        default:
            throw error("expected a JSON value, found \(describe(current))")
        }
    }

    /// Reads the value at the reading place, `depth` levels deep, as `parseValue` does, with the same checks and
    /// errors, without building anything.
    mutating func skipValue(depth: Int) throws(JSONParseError) {
        guard depth <= options.maximumDepth else {
            throw error("nesting deeper than \(options.maximumDepth) levels")
        }
        switch current {
        case UInt8(ascii: "{"): try skipObject(depth: depth)
        case UInt8(ascii: "["): try skipArray(depth: depth)
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectWord("true")
        case UInt8(ascii: "f"): try expectWord("false")
        case UInt8(ascii: "n"): try expectWord("null")
        case let byte? where byte == UInt8(ascii: "-") || isDigit(byte): try skipNumber()
        default: throw error("expected a JSON value, found \(describe(current))")
        }
    }

    private mutating func expectWord(_ word: String) throws(JSONParseError) {
        for expected in word.utf8 {
            guard current == expected else { throw error("expected '\(word)', found \(describe(current))") }
            advance()
        }
    }

    private mutating func parseObject<Node: JSONTreeNode>(
        depth: Int, start: TextPosition
    ) throws(JSONParseError) -> Node {
        var members: [(key: String, value: Node)] = []
        try readObject { cursor throws(JSONParseError) in
            try cursor.parseString()
        } value: { cursor, key throws(JSONParseError) in
            members.append((key, try cursor.parseValue(depth: depth + 1)))
        }
        return .jsonObject(members, at: start)
    }

    private mutating func parseArray<Node: JSONTreeNode>(
        depth: Int, start: TextPosition
    ) throws(JSONParseError) -> Node {
        var elements: [Node] = []
        try readArray { cursor, _ throws(JSONParseError) in
            elements.append(try cursor.parseValue(depth: depth + 1))
        }
        return .jsonArray(elements, at: start)
    }

    private mutating func skipObject(depth: Int) throws(JSONParseError) {
        try readObject { cursor throws(JSONParseError) in
            try cursor.skipString()
        } value: { cursor, _ throws(JSONParseError) in
            try cursor.skipValue(depth: depth + 1)
        }
    }

    private mutating func skipArray(depth: Int) throws(JSONParseError) {
        try readArray { cursor, _ throws(JSONParseError) in try cursor.skipValue(depth: depth + 1) }
    }

    /// Reads an object from its `{` to its `}`: the braces, colons and commas, with their checks and errors, are
    /// read here, the same for every way of reading an object; `key` reads each key (the cursor on its opening
    /// quote) and `value` each value (the cursor on its first byte), given what `key` returned.
    mutating func readObject<Key>(
        key: (inout JSONCursor) throws(JSONParseError) -> Key,
        value: (inout JSONCursor, Key) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        advance()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            advance()
            return
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw error("expected a quoted key, found \(describe(current))")
            }
            let read = try key(&self)
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw error("expected ':' after a key, found \(describe(current))")
            }
            advance()
            skipWhitespace()
            try value(&self, read)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"): advance(); return
            default: throw error("expected ',' or '}' in an object, found \(describe(current))")
            }
        }
    }

    /// Reads an array from its `[` to its `]`, as `readObject` reads an object: `element` reads each element (the
    /// cursor on its first byte), given its index.
    mutating func readArray(
        element: (inout JSONCursor, Int) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        advance()
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            advance()
            return
        }
        var index = 0
        while true {
            skipWhitespace()
            try element(&self, index)
            index += 1
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"): advance(); return
            default: throw error("expected ',' or ']' in an array, found \(describe(current))")
            }
        }
    }

    /// Reads `-? int frac? exp?` (RFC 8259 §6) and returns its exact source text.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let startIndex = mark.index
        try skipNumber()
        return String(decoding: bytes[startIndex..<mark.index], as: UTF8.self)
    }

    /// Reads `-? int frac? exp?` (RFC 8259 §6).
    private mutating func skipNumber() throws(JSONParseError) {
        if current == UInt8(ascii: "-") { advance() }
        guard let first = current, isDigit(first) else { throw error("expected a digit, found \(describe(current))") }
        advance()
        // A leading zero may not be followed by more digits (`01` is not JSON).
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
    }

    private mutating func digits() throws(JSONParseError) {
        guard let byte = current, isDigit(byte) else { throw error("expected a digit, found \(describe(current))") }
        while let byte = current, isDigit(byte) { advance() }
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// Reads a quoted string starting at its opening quote; raw control characters and invalid UTF-8 are errors.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = mark
        advance()
        // Most strings hold no escape: their bytes are taken in one pass and, when the closing quote ends the run,
        // become the string at once. The loop below goes on from the first byte that needs it.
        let runStart = mark.index
        // As in advance(): continuation bytes belong to the scalar already counted; a newline cannot occur here.
        let (index, columns, isASCII) = bytes.withUnsafeBufferPointer { JSONStringRun.scan($0, from: runStart) }
        mark.index = index
        mark.position.column += columns
        if current == UInt8(ascii: "\"") {
            advance()
            // ASCII needs no validation (keys and most values are ASCII, and validating is the costly part).
            if isASCII { return String(decoding: bytes[runStart..<index], as: UTF8.self) }
            // RFC 8259 §8.1: JSON text is UTF-8; a repaired string would not be what the sender wrote.
            guard let text = String(validating: bytes[runStart..<index], as: UTF8.self) else {
                throw error("invalid UTF-8 in a string", at: start)
            }
            return text
        }
        var utf8 = Array(bytes[runStart..<index])
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                // RFC 8259 §8.1: JSON text is UTF-8; a repaired string would not be what the sender wrote.
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw error("invalid UTF-8 in a string", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                advance()
                utf8.append(contentsOf: String(try parseEscape()).utf8)
            case 0x00..<0x20:
                throw error("control character \(describe(byte)) inside a string (write it as an escape)")
            default:
                utf8.append(byte)
                advance()
            }
        }
    }

    /// Reads a quoted string as `parseString` does, with the same checks and errors, without building it.
    ///
    /// The text between escapes is checked run by run: an escape adds whole scalars, so the unescaped string is
    /// valid UTF-8 exactly when every run is.
    mutating func skipString() throws(JSONParseError) {
        let start = mark
        advance()
        while true {
            let runStart = mark.index
            let (index, columns, runIsValid) = bytes.withUnsafeBufferPointer { all in
                let (end, columns, isASCII) = JSONStringRun.scan(all, from: runStart)
                let valid = isASCII || UTF8Validation.isValid(UnsafeBufferPointer(rebasing: all[runStart..<end]))
                return (end, columns, valid)
            }
            mark.index = index
            mark.position.column += columns
            switch current {
            case nil:
                throw error("unterminated string")
            case UInt8(ascii: "\""):
                advance()
                guard runIsValid else { throw error("invalid UTF-8 in a string", at: start) }
                return
            case UInt8(ascii: "\\"):
                guard runIsValid else { throw error("invalid UTF-8 in a string", at: start) }
                advance()
                _ = try parseEscape()
            case let byte?:
                throw error("control character \(describe(byte)) inside a string (write it as an escape)")
            }
        }
    }

    private mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
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
            let afterHigh = mark
            do throws(JSONParseError) {
                return try lowSurrogate(pairedWith: unit)
            } catch {
                guard options.loneSurrogates == .replace else { throw error }
                // Whatever follows the lone half is read again as ordinary string content.
                mark = afterHigh
                return "\u{FFFD}"
            }
        }
        if let scalar = Unicode.Scalar(unit) { return scalar }
        guard options.loneSurrogates == .replace else { throw error("unpaired surrogate \\u\(hex(unit))") }
        return "\u{FFFD}"
    }

    /// Reads the escaped low surrogate that must follow a high one (RFC 8259 §7) and returns the pair's scalar.
    private mutating func lowSurrogate(pairedWith high: UInt16) throws(JSONParseError) -> Unicode.Scalar {
        guard current == UInt8(ascii: "\\") else { throw error("unpaired surrogate \\u\(hex(high))") }
        advance()
        guard current == UInt8(ascii: "u") else { throw error("unpaired surrogate \\u\(hex(high))") }
        advance()
        let low = try hexQuad()
        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate \\u\(hex(high))") }
        let value = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        guard let scalar = Unicode.Scalar(value) else { throw error("invalid escape") }
        return scalar
    }

    private func hex(_ unit: UInt16) -> String { String(unit, radix: 16, uppercase: true) }

    private mutating func hexQuad() throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = HexDigit.value(of: byte) else {
                throw error("expected 4 hex digits after \\u, found \(describe(current))")
            }
            value = value << 4 | UInt16(digit)
            advance()
        }
        return value
    }
}
