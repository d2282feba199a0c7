import FuzzSupport
import GatewireCore

/// libFuzzer's entry point: the control API's and the command line's rule syntaxes, and what a rule does to a
/// message. The first line is a rule (in flag syntax when it does not start with `{`, else JSON) or, starting
/// with `fault `, a fault request body; the rest is a message body the rule is matched against and, for a
/// rewrite, applied to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let (line, body) = FuzzInput(start, count).firstLineAndRest
    if line.hasPrefix("fault ") {
        _ = GatewayFaultRequest.parse(Array(line.utf8.dropFirst(6)))
        return 0
    }
    let rule: InterceptRule
    do {
        rule =
            line.hasPrefix("{")
            ? try InterceptRule(json: Array(line.utf8), id: "r1")
            : try InterceptRule(parsing: line, id: "r1")
    } catch {
        return 0
    }
    // What reads back must parse again, in both syntaxes.
    _ = try? InterceptRule(parsing: rule.specText, id: "r1")
    _ = try? InterceptRule(json: Array(rule.jsonText.utf8), id: "r1")
    let set = try? InterceptRuleSet([rule])
    for direction in [Direction.client, .server] {
        _ = set?.firstMatch(
            InterceptCandidate(
                connection: "c1", direction: direction, opcode: .text, payload: body, routeKey: "sendmessage"))
    }
    if case .rewrite(let rewrite) = rule.action {
        _ = try? rewrite.apply(to: body)
    }
    return 0
}
