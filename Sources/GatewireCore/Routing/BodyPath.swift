/// The JSONPath after `request.body` in a route selection variable: which element of the message to read.
///
/// AWS documents the part after `request.body` as a goessner JSONPath. Route selection needs one value, so
/// Gatewire supports the single-value subset: dot segments (`.a.b`), quoted keys (`['a b']`, `["a"]`) and array
/// indexes (`[0]`, `[-1]` for the last). Wildcards, recursive descent, unions, slices and filters select several
/// values and are rejected when the expression is parsed.
public struct BodyPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of the path.
    public enum Segment: Hashable, Sendable {
        /// An object member, by key (from `.key`, `['key']` or `["key"]`).
        case key(String)
        /// An array element; negative indexes count from the end.
        case index(Int)
    }

    /// The steps after `request.body`; empty means the whole body.
    public var segments: [Segment]

    /// Creates a path from its segments.
    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// Parses a `$`-rooted JSONPath of the same single-value subset: `$.a.b`, `$.items[0]`, `$['room id']`,
    /// `$["a.b"]`, or `$` alone for the whole body. Dot segments hold letters, digits and `_`; other keys go in
    /// brackets.
    ///
    /// - Parameter jsonPath: the whole path; nothing may follow it.
    /// - Throws: `RouteSelectionExpressionError` (`invalid-path` or `unsupported-path`) with the position of the
    ///   first mistake.
    public init(jsonPath: String) throws(RouteSelectionExpressionError) {
        let (path, rest) = try BodyPath.parseJSONPathPrefix(jsonPath)
        guard rest.isEmpty else {
            throw RouteSelectionExpressionError(
                code: .invalidPath, expression: jsonPath, offset: jsonPath.count - rest.count,
                message: "unexpected \"\(rest)\" after the path; quote such keys as [\"a-b\"]")
        }
        self = path
    }

    /// Parses a `$`-rooted JSONPath at the start of `text` and returns it with the text that follows it.
    static func parseJSONPathPrefix(
        _ text: String
    ) throws(RouteSelectionExpressionError) -> (path: BodyPath, rest: Substring) {
        var parser = RouteSelectionExpressionParser(source: text)
        let (path, end) = try parser.parseRootedPath()
        return (path, text.dropFirst(end))
    }

    /// The path in canonical form, starting at `request.body` (`request.body.data['room id'][0]`).
    public var description: String {
        var text = "request.body"
        for segment in segments {
            switch segment {
            case .key(let key) where BodyPath.isPlainKey(key): text += "." + key
            case .key(let key): text += "['" + key.replacingQuotes() + "']"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// The path as a `$`-rooted JSONPath that `init(jsonPath:)` reads back (`$.data["room id"][0]`).
    ///
    /// Keys that are not plain names are bracketed in double quotes, so the text holds no `'` a shell would need
    /// escaping for; `"` and `\` inside them are escaped with a backslash.
    public var jsonPathText: String {
        var text = "$"
        for segment in segments {
            switch segment {
            case .key(let key) where BodyPath.isPlainKey(key): text += "." + key
            case .key(let key): text += "[\"" + key.escaping(quote: "\"") + "\"]"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// The last key of the path, used to name the value in explanations (`action` for `request.body.action`).
    public var lastKey: String? {
        for segment in segments.reversed() {
            if case .key(let key) = segment { return key }
        }
        return nil
    }

    /// Whether a key can be written after a dot in an unbraced variable without quoting.
    static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy(isUnbracedNameCharacter)
    }

    /// The characters that continue an unbraced variable's dot segment: letters, digits and `_`.
    ///
    /// AWS's examples only use such names; anything else (`-`, `/`, a space) ends the variable and starts a
    /// literal, which is why `${request.body.version}-beta` needs its braces.
    static func isUnbracedNameCharacter(_ character: Character) -> Bool {
        character == "_" || character.isLetter || character.isNumber
    }

    /// Reads the value at this path; `nil` when any step is missing.
    func value(in body: JSONValue) -> JSONValue? {
        var current = body
        for segment in segments {
            let next: JSONValue?
            switch segment {
            case .key(let key): next = current.member(key)
            case .index(let index): next = current.element(index)
            }
            guard let next else { return nil }
            current = next
        }
        return current
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        escaping(quote: "'")
    }

    fileprivate func escaping(quote: Character) -> String {
        var escaped = ""
        for character in self {
            if character == quote || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
