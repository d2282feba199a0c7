extension JSONValue {
    /// How many levels arrays and objects may nest below a message body's own value before the body counts as not
    /// JSON.
    ///
    /// The parser recurses once per level, so an unbounded depth would let a hostile message (`[[[[…`) overflow
    /// the stack. 512 is far beyond any real route-selection body and matches the default nesting limit of common
    /// JSON parsers.
    static let maximumDepth = 512

    /// The parser for message bodies: strict RFC 8259, except that lone surrogate escapes are repaired.
    ///
    /// A `\u` escape that is a lone surrogate becomes U+FFFD rather than failing, because lenient Java parsers
    /// accept it. The body's own value is level 1 of `JSONParser.maximumDepth`, so it gets one level more than
    /// `maximumDepth`, which counts nesting below it.
    static let messageBodyParser = JSONParser(maximumDepth: maximumDepth + 1, loneSurrogates: .replace)

    /// Parses a message body strictly by RFC 8259.
    ///
    /// A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 lets parsers ignore it). Invalid UTF-8, trailing
    /// text, comments, single quotes and other leniencies make the body "not JSON", which the gateway sends to
    /// `$default` ("Non-JSON messages are directed to a `$default` route", AWS route docs). Duplicate keys are all
    /// kept; `member(_:)` takes the last.
    ///
    /// - Returns: the value, or `nil` when the body is not JSON.
    static func parseMessageBody(_ bytes: [UInt8]) -> JSONValue? {
        try? messageBodyParser.parse(bytes)
    }
}
