/// The JSON of the control API:
///
/// ```json
/// {"name":"slow","match":{"route":"x","connection":"c1","from":"client","regex":"ping","path":"$.a","equals":"v"},
///  "action":"delay","milliseconds":200}
/// ```
///
/// `name` and `match` (and each match key) are optional. The actions and their keys: `{"action":"drop"}`,
/// `{"action":"duplicate"}`, `{"action":"delay","milliseconds":200}`, `{"action":"hold"}` or
/// `{"action":"hold","timeoutSeconds":30}`, `{"action":"fault","fault":"forbidden"}`,
/// `{"action":"rewrite","merge":{…}}`, `{"action":"rewrite","set":{"path":"$.user","value":"eve"}}`. Unknown keys,
/// and keys that belong to another action, are errors.
extension InterceptRule {
    /// The keys of a rule object, in the order `jsonText` writes them.
    static let jsonRuleKeys = ["name", "match", "action", "milliseconds", "timeoutSeconds", "fault", "merge", "set"]
    /// The keys of a `match` object, in the order `jsonText` writes them.
    static let jsonMatchKeys = ["route", "connection", "from", "regex", "path", "equals"]

    /// Parses a rule sent to the control API.
    ///
    /// - Parameters:
    ///   - json: the rule object, UTF-8.
    ///   - id: the rule's name unless the object gives one in `name`.
    /// - Throws: `InterceptRuleError` naming the bad key or value; `invalid-json` when the text is not a JSON object,
    ///   `invalid-value` when neither `name` nor `id` names the rule.
    public init(json: [UInt8], id: String?) throws(InterceptRuleError) {
        let root: JSONValue
        do {
            root = try JSONParser().parse(json)
        } catch {
            throw InterceptRuleError(
                .invalidJSON, "the rule is not JSON (line \(error.line), column \(error.column): \(error.message))")
        }
        let rule = try JSONRuleObject(root, keys: InterceptRule.jsonRuleKeys, what: "the rule")
        let name = try rule.string("name")
        guard let name = name ?? id else {
            throw InterceptRuleError(.invalidValue, "the rule has no \"name\"")
        }
        let match = try rule.value("match").map { (value) throws(InterceptRuleError) in
            try InterceptRule.jsonMatch(value)
        }
        guard let word = try rule.string("action") else {
            throw InterceptRuleError(
                .unknownAction,
                "the rule has no \"action\"; expected one of drop, delay, duplicate, hold, fault, rewrite")
        }
        let action = try InterceptRule.jsonAction(word, rule)
        try self.init(id: name, match: match ?? MessageMatch(), action: action)
    }

    /// The rule as the control API's JSON, its name included, so that `init(json:id:)` gives this rule back.
    public var jsonText: String {
        var members = [JSONValue.Member(key: "name", value: .string(id))]
        var matchMembers: [JSONValue.Member] = []
        func add(_ key: String, _ value: String?) {
            if let value { matchMembers.append(JSONValue.Member(key: key, value: .string(value))) }
        }
        add("route", match.routeKey)
        add("connection", match.connection)
        add("from", match.direction?.rawValue)
        add("regex", match.pattern)
        add("path", match.jsonPath?.jsonPathText)
        add("equals", match.jsonValue)
        members.append(JSONValue.Member(key: "match", value: .object(matchMembers)))
        let word = action.word
        members.append(JSONValue.Member(key: "action", value: .string(word)))
        switch action {
        case .drop, .duplicate, .hold(nil): break
        case .delay(let milliseconds):
            members.append(JSONValue.Member(key: "milliseconds", value: .number(String(milliseconds))))
        case .hold(let seconds?):
            members.append(JSONValue.Member(key: "timeoutSeconds", value: .number(RuleDuration.numberText(seconds))))
        case .fault(let fault): members.append(JSONValue.Member(key: "fault", value: .string(fault.rawValue)))
        case .rewrite(.merge(let patch)): members.append(JSONValue.Member(key: "merge", value: patch.value))
        case .rewrite(.set(let path, let value)):
            let set = JSONValue.object([
                JSONValue.Member(key: "path", value: .string(path.jsonPathText)),
                JSONValue.Member(key: "value", value: value.value),
            ])
            members.append(JSONValue.Member(key: "set", value: set))
        }
        return JSONValue.object(members).compactText
    }

    /// Reads a `match` object.
    private static func jsonMatch(_ value: JSONValue) throws(InterceptRuleError) -> MessageMatch {
        let match = try JSONRuleObject(value, keys: jsonMatchKeys, what: "\"match\"")
        var direction: Direction?
        if let from = try match.string("from") {
            guard let parsed = Direction(rawValue: from) else {
                throw InterceptRuleError(
                    .invalidValue,
                    "\"from\": \(JSONStringLiteral.quote(from)) is not a direction; expected \"client\" or \"server\"")
            }
            direction = parsed
        }
        let path = try match.string("path").map { (text) throws(InterceptRuleError) in
            try FlagSpecReader.path(text, token: text)
        }
        return try MessageMatch(
            routeKey: try match.string("route"), connection: try match.string("connection"), direction: direction,
            pattern: try match.string("regex"), jsonPath: path, jsonValue: try match.string("equals"))
    }

    /// Reads the action and the keys that go with it, refusing the keys of other actions.
    private static func jsonAction(_ word: String, _ rule: JSONRuleObject) throws(InterceptRuleError) -> InterceptAction
    {
        let allowed: [String: [String]] = [
            "drop": [], "duplicate": [], "delay": ["milliseconds"], "hold": ["timeoutSeconds"], "fault": ["fault"],
            "rewrite": ["merge", "set"],
        ]
        guard let keys = allowed[word] else {
            throw InterceptRuleError(
                .unknownAction,
                "unknown action \(JSONStringLiteral.quote(word)); expected one of drop, delay, duplicate, hold, "
                    + "fault, rewrite")
        }
        for key in ["milliseconds", "timeoutSeconds", "fault", "merge", "set"]
        where rule.value(key) != nil && !keys.contains(key) {
            throw InterceptRuleError(
                .unknownKey, "\"\(key)\" does not go with \"action\":\"\(word)\"")
        }
        switch word {
        case "drop": return .drop
        case "duplicate": return .duplicate
        case "delay":
            guard let text = try rule.number("milliseconds") else {
                throw InterceptRuleError(.invalidArgument, "\"action\":\"delay\" needs \"milliseconds\"")
            }
            guard let milliseconds = Double(text) else {
                throw InterceptRuleError(.invalidArgument, "\"milliseconds\": \(text) is not a number")
            }
            return .delay(milliseconds: try wholeMilliseconds(milliseconds, written: text + " ms"))
        case "hold":
            guard let text = try rule.number("timeoutSeconds") else { return .hold(timeoutSeconds: nil) }
            return .hold(timeoutSeconds: Double(text))
        case "fault":
            guard let name = try rule.string("fault") else {
                throw InterceptRuleError(.invalidArgument, "\"action\":\"fault\" needs \"fault\"")
            }
            guard let fault = GatewayFault(rawValue: name) else {
                throw InterceptRuleError(
                    .invalidFault,
                    "\"fault\": \(JSONStringLiteral.quote(name)) is not a fault; expected "
                        + InterceptAction.messageFaultNames)
            }
            return .fault(fault)
        default:
            return .rewrite(try jsonRewrite(rule))
        }
    }

    /// Reads the `merge` or `set` of a rewrite.
    private static func jsonRewrite(_ rule: JSONRuleObject) throws(InterceptRuleError) -> MessageRewrite {
        switch (rule.value("merge"), rule.value("set")) {
        case (let patch?, nil): return .merge(patch: RewriteJSON(patch))
        case (nil, let set?):
            let object = try JSONRuleObject(set, keys: ["path", "value"], what: "\"set\"")
            guard let pathText = try object.string("path"), let value = object.value("value") else {
                throw InterceptRuleError(.invalidArgument, "\"set\" needs both \"path\" and \"value\"")
            }
            return .set(path: try FlagSpecReader.path(pathText, token: pathText), value: RewriteJSON(value))
        default:
            throw InterceptRuleError(
                .invalidArgument, "\"action\":\"rewrite\" needs exactly one of \"merge\" and \"set\"")
        }
    }
}

/// A JSON object of the control API whose keys have been checked: all known, none repeated.
private struct JSONRuleObject {
    private let members: [String: JSONValue]

    /// Checks an object's keys.
    ///
    /// - Parameters:
    ///   - what: the object's name in messages (`the rule`, `"match"`).
    init(_ value: JSONValue, keys: [String], what: String) throws(InterceptRuleError) {
        guard case .object(let members) = value else {
            throw InterceptRuleError(.invalidJSON, "\(what) must be a JSON object, not \(value.kindDescription)")
        }
        var byKey: [String: JSONValue] = [:]
        for member in members {
            guard keys.contains(member.key) else {
                throw InterceptRuleError(
                    .unknownKey,
                    "unknown key \(JSONStringLiteral.quote(member.key)) in \(what); expected "
                        + keys.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            guard byKey[member.key] == nil else {
                throw InterceptRuleError(.duplicateKey, "\(what) gives \"\(member.key)\" twice")
            }
            byKey[member.key] = member.value
        }
        self.members = byKey
    }

    /// The value of `key`, if present.
    func value(_ key: String) -> JSONValue? { members[key] }

    /// The string value of `key`, if present; another kind of value is an error.
    func string(_ key: String) throws(InterceptRuleError) -> String? {
        switch members[key] {
        case nil: return nil
        case .string(let text): return text
        case let other?:
            throw InterceptRuleError(.invalidValue, "\"\(key)\" must be a string, not \(other.kindDescription)")
        }
    }

    /// The number text of `key`, if present and not `null`; another kind of value is an error.
    func number(_ key: String) throws(InterceptRuleError) -> String? {
        switch members[key] {
        case nil, .null: return nil
        case .number(let text): return text
        case let other?:
            throw InterceptRuleError(.invalidValue, "\"\(key)\" must be a number, not \(other.kindDescription)")
        }
    }
}
