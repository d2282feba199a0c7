/// Reads the tokens of a flag-syntax rule spec (see `InterceptRule.init(parsing:id:)`).
///
/// Tokens are separated by whitespace; a double-quoted stretch (`"a b"`, with JSON escapes) does not end a
/// token, so `route="send message"` and `path=$["room id"]` are one token each.
struct FlagSpecReader {
    private let characters: [Character]
    private var position = 0

    /// Starts reading `spec`.
    init(_ spec: String) {
        characters = Array(spec)
    }

    /// The rest of the spec after the tokens read so far, without surrounding whitespace.
    var rest: String {
        var end = characters.count
        while end > position, characters[end - 1].isWhitespace { end -= 1 }
        var start = position
        while start < end, characters[start].isWhitespace { start += 1 }
        return String(characters[start..<end])
    }

    /// The next token, or `nil` at the end.
    ///
    /// - Throws: `InterceptRuleError` `invalid-value` for a quote that is never closed.
    mutating func nextToken() throws(InterceptRuleError) -> String? {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        guard position < characters.count else { return nil }
        let start = position
        var quoteStart: Int?
        while position < characters.count {
            let character = characters[position]
            if quoteStart != nil {
                if character == "\\" {
                    position += 1
                } else if character == "\"" {
                    quoteStart = nil
                }
            } else if character.isWhitespace {
                break
            } else if character == "\\" {
                // Outside quotes a backslash keeps the next character ordinary (a regex's `\"`).
                position += 1
            } else if character == "\"" {
                quoteStart = position
            }
            position += 1
        }
        position = min(position, characters.count)
        if let quoteStart {
            let token = String(characters[start..<characters.count])
            throw InterceptRuleError(
                .invalidValue,
                "the quote at column \(quoteStart + 1) of \(JSONStringLiteral.quote(token)) is never closed")
        }
        return String(characters[start..<position])
    }

    /// Reads the match tokens at the start of the spec, stopping before the first token that is not `key=value`.
    ///
    /// - Returns: the match and the `name=` value, if any.
    mutating func readMatch() throws(InterceptRuleError) -> (MessageMatch, String?) {
        var values: [String: String] = [:]
        var jsonValue: String?
        while true {
            let before = position
            guard let token = try nextToken() else { break }
            guard let equals = token.firstIndex(of: "=") else {
                position = before
                break
            }
            let key = String(token[..<equals])
            let rawValue = String(token[token.index(after: equals)...])
            guard InterceptRule.flagMatchKeys.contains(key) else {
                throw InterceptRuleError(
                    .unknownKey,
                    "unknown match key \(JSONStringLiteral.quote(key)) in \(JSONStringLiteral.quote(token)); expected "
                        + InterceptRule.flagMatchKeys.map { $0 + "=" }.joined(separator: ", "))
            }
            guard values[key] == nil else {
                throw InterceptRuleError(.duplicateKey, "\(key)= is given twice (\(JSONStringLiteral.quote(token)))")
            }
            if key == "path" {
                values[key] = rawValue
                jsonValue = try FlagSpecReader.comparedValue(rawValue, token: token)
            } else {
                let value = try FlagSpecReader.unquoted(rawValue, token: token)
                guard !value.isEmpty else {
                    throw InterceptRuleError(.invalidValue, "\(key)= has no value in \(JSONStringLiteral.quote(token))")
                }
                values[key] = value
            }
        }
        var direction: Direction?
        if let from = values["from"] {
            guard let parsed = Direction(rawValue: from) else {
                throw InterceptRuleError(
                    .invalidValue, "from=\(from) is not a direction; expected from=client or from=server")
            }
            direction = parsed
        }
        let path = try values["path"].map { (text) throws(InterceptRuleError) in
            try FlagSpecReader.path(String(try FlagSpecReader.splitPath(text).path), token: "path=" + text)
        }
        if let name = values["name"] { try InterceptRule.validateName(name) }
        let match = try MessageMatch(
            routeKey: values["route"], connection: values["connection"], direction: direction,
            pattern: values["regex"], jsonPath: path, jsonValue: jsonValue)
        return (match, values["name"])
    }

    /// Splits `$.a.b==VALUE` after the path, which the path parser finds by reading as far as the path goes.
    private static func splitPath(
        _ text: String
    ) throws(InterceptRuleError) -> (path: Substring, comparison: Substring?) {
        do {
            let (_, rest) = try BodyPath.parseJSONPathPrefix(text)
            let path = text.dropLast(rest.count)
            guard !rest.isEmpty else { return (path, nil) }
            guard rest.hasPrefix("==") else { return (text[...], nil) }
            return (path, rest.dropFirst(2))
        } catch {
            // Reported with the whole token by `path(_:token:)`.
            return (text[...], nil)
        }
    }

    /// The value after `==` in a `path=` token, unquoted, or `nil` when there is no comparison.
    private static func comparedValue(_ text: String, token: String) throws(InterceptRuleError) -> String? {
        guard let comparison = try splitPath(text).comparison else { return nil }
        return try unquoted(String(comparison), token: token)
    }

    /// Parses a `$`-rooted path written in a token.
    static func path(_ text: String, token: String) throws(InterceptRuleError) -> BodyPath {
        do {
            return try BodyPath(jsonPath: text)
        } catch {
            throw InterceptRuleError(
                .invalidPath,
                "\(JSONStringLiteral.quote(token)) holds no valid path (\(error)); expected a path such as $.a.b, "
                    + "$.items[0] or $[\"room id\"], optionally followed by ==VALUE")
        }
    }

    /// A value as written, or the string a JSON string literal stands for when it starts with `"`.
    static func unquoted(_ text: String, token: String) throws(InterceptRuleError) -> String {
        guard text.hasPrefix("\"") else { return text }
        guard case .string(let value)? = try? JSONParser().parse(Array(text.utf8), as: JSONValue.self) else {
            throw InterceptRuleError(
                .invalidValue,
                "\(JSONStringLiteral.quote(text)) in \(JSONStringLiteral.quote(token)) is not one quoted JSON string")
        }
        return value
    }

    /// A value as a token writes it: as is, or as a JSON string literal when it holds whitespace or a `"`, or is
    /// empty.
    static func quotedIfNeeded(_ value: String) -> String {
        if value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "\"" }) {
            return JSONStringLiteral.quote(value)
        }
        return value
    }
}
