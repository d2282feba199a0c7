/// The flag syntax of `--rule SPEC` and `--break SPEC`.
///
/// A spec is whitespace-separated `key=value` match tokens, then the action word, then the action's argument,
/// which is the rest of the spec (so a JSON argument may hold spaces):
///
/// - match keys: `route=KEY`, `connection=c1`, `from=client|server`, `regex=PATTERN`, `path=$.a.b`,
///   `path=$.a.b==VALUE`, and `name=ID` to name the rule. No match token matches every data message.
/// - actions: `drop`, `delay 200ms` (also `1.5s`, `2m`; a plain number is milliseconds), `duplicate`, `hold` or
///   `hold 30s` (a plain number is seconds), `fault forbidden`, `merge {"a":1}`, `set $.user "eve"` (a path, then a
///   JSON value).
///
/// A value ends at the first whitespace, so a regular expression matches a space with `\s` or `\x20`. A value
/// that needs whitespace or starts with `"` is written as a JSON string literal (`route="send message"`); a path
/// key with a space is bracketed in double quotes (`path=$["room id"]`).
extension InterceptRule {
    /// The match keys of the flag syntax, in the order `specText` writes them.
    static let flagMatchKeys = ["name", "route", "connection", "from", "regex", "path"]

    /// The action words of the flag syntax.
    static let flagActionWords = ["drop", "delay", "duplicate", "hold", "fault", "merge", "set"]

    /// Parses a `--rule` spec, e.g. `route=sendmessage drop` or `from=client regex=ping delay 200ms`.
    ///
    /// - Parameters:
    ///   - spec: the spec.
    ///   - id: the rule's name unless the spec gives one with `name=`.
    /// - Throws: `InterceptRuleError` naming the bad token and saying what was expected.
    public init(parsing spec: String, id: String) throws(InterceptRuleError) {
        var reader = FlagSpecReader(spec)
        let (match, name) = try reader.readMatch()
        guard let word = try reader.nextToken() else {
            throw InterceptRuleError(
                .unknownAction,
                "\(JSONStringLiteral.quote(spec)) has no action; expected one of "
                    + InterceptRule.flagActionWords.joined(separator: ", ") + " after the match tokens")
        }
        let action = try InterceptRule.flagAction(word, argument: reader.rest)
        try self.init(id: name ?? id, match: match, action: action)
    }

    /// Parses a `--break` spec: match tokens, then optionally a timeout (`route=join`, `route=join 30s`); the
    /// action is always `hold`. A spec that spells out `hold` (`route=join hold 30s`) is read the same way.
    ///
    /// - Throws: `InterceptRuleError` naming the bad token.
    public init(parsingBreakpoint spec: String, id: String) throws(InterceptRuleError) {
        var reader = FlagSpecReader(spec)
        let (match, name) = try reader.readMatch()
        var argument = reader.rest
        if let word = try reader.nextToken(), word == "hold" { argument = reader.rest }
        let action = try InterceptRule.flagAction("hold", argument: argument)
        try self.init(id: name ?? id, match: match, action: action)
    }

    /// The rule in flag syntax, its name included, so that `init(parsing:id:)` gives this rule back.
    public var specText: String {
        var tokens = ["name=" + id]
        if let routeKey = match.routeKey { tokens.append("route=" + FlagSpecReader.quotedIfNeeded(routeKey)) }
        if let connection = match.connection {
            tokens.append("connection=" + FlagSpecReader.quotedIfNeeded(connection))
        }
        if let direction = match.direction { tokens.append("from=" + direction.rawValue) }
        if let pattern = match.pattern { tokens.append("regex=" + FlagSpecReader.quotedIfNeeded(pattern)) }
        if let jsonPath = match.jsonPath {
            var token = "path=" + jsonPath.jsonPathText
            if let jsonValue = match.jsonValue { token += "==" + FlagSpecReader.quotedIfNeeded(jsonValue) }
            tokens.append(token)
        }
        switch action {
        case .drop, .duplicate: tokens.append(action.word)
        case .delay(let milliseconds): tokens.append("delay \(milliseconds)ms")
        case .hold(nil): tokens.append("hold")
        case .hold(let seconds?): tokens.append("hold " + RuleDuration.secondsText(seconds))
        case .fault(let fault): tokens.append("fault " + fault.rawValue)
        case .rewrite(.merge(let patch)): tokens.append("merge " + patch.text)
        case .rewrite(.set(let path, let value)): tokens.append("set " + path.jsonPathText + " " + value.text)
        }
        return tokens.joined(separator: " ")
    }

    /// Reads an action word and its argument.
    private static func flagAction(_ word: String, argument: String) throws(InterceptRuleError) -> InterceptAction {
        func noArgument(_ action: InterceptAction) throws(InterceptRuleError) -> InterceptAction {
            guard argument.isEmpty else {
                let hint = argument.contains("=") ? " (match tokens go before the action)" : ""
                throw InterceptRuleError(
                    .invalidArgument, "\(word) takes no argument, found \(JSONStringLiteral.quote(argument))" + hint)
            }
            return action
        }
        func required(_ example: String) throws(InterceptRuleError) -> String {
            guard !argument.isEmpty else {
                throw InterceptRuleError(.invalidArgument, "\(word) needs an argument, e.g. \"\(word) \(example)\"")
            }
            return argument
        }
        switch word {
        case "drop": return try noArgument(.drop)
        case "duplicate": return try noArgument(.duplicate)
        case "delay":
            let milliseconds = try RuleDuration.milliseconds(required("200ms"), for: "delay")
            return .delay(milliseconds: try wholeMilliseconds(milliseconds, written: argument))
        case "hold":
            guard !argument.isEmpty else { return .hold(timeoutSeconds: nil) }
            return .hold(timeoutSeconds: try RuleDuration.seconds(argument, for: "hold"))
        case "fault":
            let name = try required("forbidden")
            guard let fault = GatewayFault(rawValue: name) else {
                throw InterceptRuleError(
                    .invalidFault,
                    "\(JSONStringLiteral.quote(name)) is not a fault; expected " + InterceptAction.messageFaultNames)
            }
            return .fault(fault)
        case "merge":
            return .rewrite(.merge(patch: try RewriteJSON(parsing: required(#"{"room":"lobby"}"#))))
        case "set":
            var reader = FlagSpecReader(try required(#"$.user "eve""#))
            let pathText = try reader.nextToken() ?? ""
            let path = try FlagSpecReader.path(pathText, token: pathText)
            guard !reader.rest.isEmpty else {
                throw InterceptRuleError(
                    .invalidArgument, "set needs a JSON value after the path, e.g. \"set \(pathText) \\\"eve\\\"\"")
            }
            return .rewrite(.set(path: path, value: try RewriteJSON(parsing: reader.rest)))
        default:
            var message = "unknown action \(JSONStringLiteral.quote(word)); expected one of "
            message += flagActionWords.joined(separator: ", ")
            if word == "rewrite" { message += " (a rewrite is written \"merge {…}\" or \"set $.path VALUE\")" }
            if flagMatchKeys.contains(word) { message += " (match tokens are written key=value, with no spaces)" }
            throw InterceptRuleError(.unknownAction, message)
        }
    }

    /// A delay as whole milliseconds, range-checked.
    static func wholeMilliseconds(_ milliseconds: Double, written: String) throws(InterceptRuleError) -> Int {
        guard milliseconds >= 0, milliseconds <= Double(InterceptAction.delayRange.upperBound) else {
            throw InterceptRuleError(
                .outOfRange, "a delay of \(written) is out of range; expected 0 to 600000 ms (10 minutes)")
        }
        guard milliseconds.rounded() == milliseconds else {
            throw InterceptRuleError(
                .invalidArgument, "a delay of \(written) is not a whole number of milliseconds")
        }
        return Int(milliseconds)
    }
}
