/// Turns expression text into `RouteSelectionExpression.Part`s, reporting the first mistake with its position.
struct RouteSelectionExpressionParser {
    private let source: String
    private let characters: [Character]
    private var position = 0

    init(source: String) {
        self.source = source
        self.characters = Array(source)
    }

    private var current: Character? { position < characters.count ? characters[position] : nil }

    private func peek(_ distance: Int) -> Character? {
        position + distance < characters.count ? characters[position + distance] : nil
    }

    private func failure(
        _ code: RouteSelectionExpressionError.Code, at offset: Int, _ message: String
    ) -> RouteSelectionExpressionError {
        RouteSelectionExpressionError(code: code, expression: source, offset: offset, message: message)
    }

    mutating func parse() throws(RouteSelectionExpressionError) -> [RouteSelectionExpression.Part] {
        var parts: [RouteSelectionExpression.Part] = []
        var literal = ""
        while let character = current {
            if character == "\\", peek(1) == "$" {
                // AWS selection expressions escape a literal dollar as `\$` (the documented `\$default`).
                literal.append("$")
                position += 2
            } else if character == "$" {
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(.variable(try parseVariable()))
            } else {
                literal.append(character)
                position += 1
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    /// Parses `$name…` or `${name…}` starting at the `$`.
    private mutating func parseVariable() throws(RouteSelectionExpressionError) -> BodyPath {
        let start = position
        position += 1
        let braced = current == "{"
        if braced {
            position += 1
            if current == "}" { throw failure(.emptyVariable, at: start, "\"${}\" holds no variable") }
            if current == nil { throw failure(.unterminatedVariable, at: start, "\"${\" is never closed by \"}\"") }
        } else if current.map(BodyPath.isUnbracedNameCharacter) != true {
            throw failure(
                .strayDollar, at: start,
                "\"$\" does not start a variable; write \"\\$\" for a literal dollar or \"$request.body.<path>\""
            )
        }
        let segments = try parseSegments(braced: braced, variableStart: start)
        if braced {
            guard current == "}" else {
                throw failure(.unterminatedVariable, at: start, "\"${\" is never closed by \"}\"")
            }
            position += 1
        }
        return try bodyPath(from: segments, variableStart: start)
    }

    /// Checks that the path starts at `request.body` and returns the rest.
    private func bodyPath(
        from segments: [BodyPath.Segment], variableStart: Int
    ) throws(RouteSelectionExpressionError) -> BodyPath {
        guard segments.count >= 2, segments[0] == .key("request"), segments[1] == .key("body") else {
            let written = String(characters[variableStart..<position])
            if written == "$default" || written == "${default}" {
                throw failure(
                    .unsupportedVariable, at: variableStart,
                    "\"\(written)\" is read as a variable; write \"\\$default\" for the literal route key $default"
                )
            }
            throw failure(
                .unsupportedVariable, at: variableStart,
                "\"\(written)\" is not a request.body variable; route selection can only read the message body"
            )
        }
        return BodyPath(segments: Array(segments.dropFirst(2)))
    }

    /// Parses a `$`-rooted JSONPath (`$.a.b[0]`, `$['room id']`, `$` alone for the whole body) at the start of
    /// the text, reading as far as the path goes.
    ///
    /// Dot segments take the unbraced name characters (letters, digits, `_`); other keys are written in brackets.
    ///
    /// - Returns: the path and the offset, in characters, of the first character after it.
    mutating func parseRootedPath() throws(RouteSelectionExpressionError) -> (path: BodyPath, end: Int) {
        guard current == "$" else {
            throw failure(.invalidPath, at: position, "a path starts with \"$\" (\"$.a.b\", \"$.items[0]\")")
        }
        position += 1
        var segments: [BodyPath.Segment] = []
        try parseFollowingSegments(braced: false, into: &segments)
        return (BodyPath(segments: segments), position)
    }

    /// Parses the dot and bracket segments of a variable's path.
    private mutating func parseSegments(
        braced: Bool, variableStart: Int
    ) throws(RouteSelectionExpressionError) -> [BodyPath.Segment] {
        var segments: [BodyPath.Segment] = [.key(try parseName(braced: braced))]
        try parseFollowingSegments(braced: braced, into: &segments)
        return segments
    }

    /// Parses `.key` and `[…]` segments until a character that continues neither.
    private mutating func parseFollowingSegments(
        braced: Bool, into segments: inout [BodyPath.Segment]
    ) throws(RouteSelectionExpressionError) {
        while let character = current {
            if character == "." {
                let dot = position
                position += 1
                if current == "." {
                    throw failure(.unsupportedPath, at: dot, "recursive descent \"..\" selects several values")
                }
                if current == "*" {
                    throw failure(.unsupportedPath, at: position, "the wildcard \"*\" selects several values")
                }
                let name = try parseName(braced: braced)
                if name.isEmpty {
                    throw failure(.invalidPath, at: dot, "a \".\" must be followed by a key")
                }
                segments.append(.key(name))
            } else if character == "[" {
                segments.append(try parseBracket())
            } else {
                break
            }
        }
    }

    /// Reads a dot-segment key: letters, digits and `_` when unbraced; anything but `.[]{}` and spaces in braces.
    private mutating func parseName(braced: Bool) throws(RouteSelectionExpressionError) -> String {
        var name = ""
        while let character = current {
            if braced {
                if ".[]{}".contains(character) { break }
                if character.isWhitespace {
                    throw failure(
                        .invalidPath, at: position, "a space inside \"${…}\"; quote such keys as ['a b']"
                    )
                }
            } else if !BodyPath.isUnbracedNameCharacter(character) {
                break
            }
            name.append(character)
            position += 1
        }
        return name
    }

    /// Parses `['key']`, `["key"]` or `[index]` starting at the `[`.
    private mutating func parseBracket() throws(RouteSelectionExpressionError) -> BodyPath.Segment {
        let open = position
        position += 1
        let segment: BodyPath.Segment
        switch current {
        case "'", "\"":
            segment = .key(try parseQuotedKey(open: open))
        case "*", "?", "(":
            throw failure(.unsupportedPath, at: position, "\"[\(current!)\" selects several values or runs a filter")
        case ":":
            throw failure(.unsupportedPath, at: position, "a slice selects several values")
        case let character? where character == "-" || character.isASCII && character.isNumber:
            segment = .index(try parseIndex())
        case nil:
            throw failure(.invalidPath, at: open, "\"[\" is never closed by \"]\"")
        default:
            throw failure(.invalidPath, at: position, "expected a quoted key or an index inside [ ]")
        }
        switch current {
        case "]":
            position += 1
            return segment
        case ",":
            throw failure(.unsupportedPath, at: position, "a union \"[a,b]\" selects several values")
        case ":":
            throw failure(.unsupportedPath, at: position, "a slice selects several values")
        case nil:
            throw failure(.invalidPath, at: open, "\"[\" is never closed by \"]\"")
        default:
            throw failure(.invalidPath, at: position, "expected \"]\"")
        }
    }

    private mutating func parseQuotedKey(open: Int) throws(RouteSelectionExpressionError) -> String {
        let quote = current!
        position += 1
        var key = ""
        while let character = current {
            position += 1
            if character == quote { return key }
            if character == "\\", let escaped = current {
                key.append(escaped)
                position += 1
            } else {
                key.append(character)
            }
        }
        throw failure(.invalidPath, at: open, "the quoted key is never closed by \(quote)")
    }

    private mutating func parseIndex() throws(RouteSelectionExpressionError) -> Int {
        let start = position
        var text = ""
        if current == "-" {
            text.append("-")
            position += 1
        }
        while let character = current, character.isASCII, character.isNumber {
            text.append(character)
            position += 1
        }
        guard let index = Int(text) else { throw failure(.invalidPath, at: start, "\"\(text)\" is not an index") }
        return index
    }
}
