import Foundation

/// Finds the route keys a sender probably meant when a value matched none.
///
/// Each live custom key gets at most one hint, the most specific that applies: surrounding whitespace, quote
/// characters, a leading `$`, a case-only difference, then a small typo. `$connect`, `$disconnect` and `$default`
/// are never suggested, because a message cannot meaningfully aim at them. A value equal to a configured key that is
/// not deployed, or a configured but undeployed `$default`, gets a `not-deployed` hint first. When the expression
/// reads one property but another top-level property of the message holds a route key exactly (expression
/// `$request.body.message`, message `{"action":"sendmessage"}`), an `other-property` hint names it: the expression
/// and the client disagree on the field.
struct NearMissFinder {
    /// The largest Damerau–Levenshtein distance still reported as a typo.
    static let maximumEditDistance = 2

    var table: RouteTable

    /// Hints for a value that matched no live key, most specific first.
    ///
    /// - Parameters:
    ///   - value: what the expression evaluated to.
    ///   - body: the parsed message, when it is JSON, to look for a route key in another property.
    ///   - expression: the expression that produced `value`.
    func hints(for value: String, body: JSONValue? = nil, expression: RouteSelectionExpression? = nil)
        -> [NearMissHint]
    {
        var hints: [NearMissHint] = []
        if table.undeployedRouteKeys.contains(value), !RouteTable.reservedKeys.contains(value) {
            hints.append(
                NearMissHint(
                    kind: .notDeployed, routeKey: value,
                    message: "\"\(value)\" is configured but not deployed to this stage; redeploy the API to make "
                        + "it live."
                )
            )
        }
        var ranked: [(rank: Int, hint: NearMissHint)] = []
        for key in table.selectableKeys where !RouteTable.reservedKeys.contains(key) {
            if let ranking = hint(for: value, key: key) { ranked.append(ranking) }
        }
        hints += ranked.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
            .map(\.element.hint)
        if let body, let expression, !expression.isStatic {
            hints += otherPropertyHints(body: body, expression: expression)
        }
        if !table.hasDefault, table.undeployedRouteKeys.contains(RouteTable.default) {
            hints.append(
                NearMissHint(
                    kind: .notDeployed, routeKey: RouteTable.default,
                    message: "$default is configured but not deployed to this stage, so nothing catches this "
                        + "message; redeploy the API."
                )
            )
        }
        return hints
    }

    /// Hints for top-level string properties the expression does not read whose value is a live custom key.
    private func otherPropertyHints(body: JSONValue, expression: RouteSelectionExpression) -> [NearMissHint] {
        guard case .object(let members) = body else { return [] }
        let readKeys = Set(
            expression.variables.compactMap { $0.segments.first }.compactMap { segment in
                if case .key(let key) = segment { return key }
                return nil
            })
        var seen: Set<String> = []
        var hints: [NearMissHint] = []
        for member in members where !readKeys.contains(member.key) && seen.insert(member.key).inserted {
            guard case .string(let text) = body.member(member.key) ?? .null, table.selects(text),
                !RouteTable.reservedKeys.contains(text)
            else { continue }
            let path = BodyPath(segments: [.key(member.key)])
            hints.append(
                NearMissHint(
                    kind: .otherProperty, routeKey: text,
                    message: "The message's \"\(member.key)\" is \"\(text)\", a route key, but the expression "
                        + "\(expression.source) does not read it; did you mean $\(path)?"
                )
            )
        }
        return hints
    }

    /// The most specific hint relating `value` to `key`, with a rank that orders hints across keys.
    private func hint(for value: String, key: String) -> (rank: Int, hint: NearMissHint)? {
        guard !value.hasSameUTF8(as: key), !value.isEmpty else { return nil }
        if value == key {
            return (
                0,
                NearMissHint(
                    kind: .unicodeForm, routeKey: key,
                    message: "\"\(value)\" looks like the route key \"\(key)\" but is written in another Unicode "
                        + "normal form (its bytes differ, for example é as one character or as e and a combining "
                        + "accent); route keys match byte for byte, so send the key's own bytes (normalising both "
                        + "to NFC does it)."
                )
            )
        }
        if value.trimmingCharacters(in: .whitespacesAndNewlines) == key {
            return (
                0,
                NearMissHint(
                    kind: .whitespace, routeKey: key,
                    message:
                        "\"\(value)\" has whitespace around it; without it, it would match the route key \"\(key)\"."
                )
            )
        }
        if let first = value.first, value.count >= 2, "'\"`".contains(first), value.last == first,
            value.dropFirst().dropLast() == key[...]
        {
            return (
                1,
                NearMissHint(
                    kind: .quoted, routeKey: key,
                    message: "\"\(value)\" is the route key \"\(key)\" wrapped in quotes; an expression stored with "
                        + "a shell's quotes adds them to every value."
                )
            )
        }
        if value.hasPrefix("$"), value.dropFirst() == key[...] {
            return (
                2,
                NearMissHint(
                    kind: .leadingDollar, routeKey: key,
                    message:
                        "\"\(value)\" starts with \"$\" but the route key is \"\(key)\"; custom route keys carry no "
                        + "\"$\", so send \"\(key)\"."
                )
            )
        }
        if value.lowercased() == key.lowercased() {
            return (
                3,
                NearMissHint(
                    kind: .caseOnly, routeKey: key,
                    message: "\"\(value)\" differs from the route key \"\(key)\" only in case; route keys match "
                        + "case-sensitively."
                )
            )
        }
        // A typo must leave most of the key intact (distance under half its length): `pong` may mean `ping`, but
        // `pi` is too little of it, and two-letter keys never get typo hints.
        guard abs(value.count - key.count) <= NearMissFinder.maximumEditDistance else { return nil }
        let distance = EditDistance.damerauLevenshtein(value, key)
        guard distance <= NearMissFinder.maximumEditDistance, distance * 2 < key.count else { return nil }
        return (
            3 + distance,
            NearMissHint(
                kind: .editDistance, routeKey: key,
                message:
                    "\"\(value)\" is \(distance) edit\(distance == 1 ? "" : "s") away from the route key \"\(key)\"."
            )
        )
    }
}
