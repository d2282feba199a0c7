import ArgumentParser
import GatewireCore
import GatewireProxy

/// `--rule`, `--break` and `--hold-timeout`: rules that act on live messages, and breakpoints that hold them
/// (`docs/intercept.md`). The control API adds and removes rules at run time.
struct InterceptOptions: ParsableArguments {
    @Option(
        name: .customLong("rule"),
        help: ArgumentHelp(
            "A rule for live messages: match tokens (route=KEY connection=c1 from=client|server regex=RE "
                + "path=$.a[==VALUE] name=ID), then an action: drop, delay 200ms, duplicate, merge JSON, "
                + "set $.path JSON, fault forbidden|internal-server-error, hold [30s]. The first rule that matches "
                + "a message decides. Repeatable.",
            valueName: "spec"))
    var rules: [String] = []

    @Option(
        name: .customLong("break"),
        help: ArgumentHelp(
            "A breakpoint: messages that match are held until released, edited or dropped through the control "
                + "API or the web view's Held panel, or until the hold timeout. The same match tokens as --rule. "
                + "Repeatable.",
            valueName: "match"))
    var breakpoints: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds a breakpoint holds a message before sending it on unchanged (0.1 to 3600).",
            valueName: "seconds"))
    var holdTimeout: Double = 60

    func validate() throws {
        guard holdTimeout >= 0.1, holdTimeout <= 3600 else {
            throw ValidationError("--hold-timeout must be from 0.1 to 3600 seconds")
        }
        _ = try ruleSet()
    }

    /// The rules from the flags, `--rule` ones first, in the order given (ids `r1`, `r2`, … unless named).
    func ruleSet() throws -> InterceptRuleSet {
        var set = InterceptRuleSet()
        do {
            for spec in rules {
                try set.add(InterceptRule(parsing: spec, id: set.nextFreeID))
            }
            for spec in breakpoints {
                try set.add(InterceptRule(parsingBreakpoint: spec, id: set.nextFreeID))
            }
        } catch {
            throw ValidationError(error.description)
        }
        return set
    }

    /// The interceptor a proxy starts with.
    func interceptor(routes: RouteConfiguration?) throws -> MessageInterceptor {
        MessageInterceptor(rules: try ruleSet(), routes: routes, defaultHoldTimeout: holdTimeout)
    }
}
