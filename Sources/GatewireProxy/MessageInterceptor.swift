public import GatewireCore
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// Decides what happens to each complete message the proxy relays, from the rules and breakpoints in force: the
/// one place rules are consulted. Shared by every connection of a proxy, changed at run time by the control API.
///
/// With no rule in force, relays ask only `isActive` (one atomic load per frame) and forward frames as they come.
public final class MessageInterceptor: Sendable {
    /// How long a breakpoint holds a message when its rule names no timeout, in seconds.
    public let defaultHoldTimeout: Double
    /// The messages held at breakpoints now.
    public let held = HeldMessages()
    /// How route keys are found: the routes' resolver, or the expression alone when no routes are known.
    private let resolver: RouteResolver?
    private let routesKnown: Bool
    private let ruleSet: NIOLockedValueBox<InterceptRuleSet>
    /// Faults injected on demand that answer a connection's next client message, by connection label.
    private let nextMessageFaults = NIOLockedValueBox<[String: GatewayFault]>([:])
    private let active: Synchronization.Atomic<Bool>

    /// Creates an interceptor.
    ///
    /// - Parameters:
    ///   - rules: the rules given at start, in order; the first that matches a message decides.
    ///   - routes: the API's routes, for rules that match on route keys (client text messages only): a message's
    ///     route key is the route it resolves to (`$default` included). Without routes, it is the value
    ///     `$request.body.action` selects.
    ///   - defaultHoldTimeout: seconds a breakpoint holds a message when its rule names no timeout.
    public init(
        rules: InterceptRuleSet = InterceptRuleSet(), routes: RouteConfiguration? = nil,
        defaultHoldTimeout: Double = 60
    ) {
        self.ruleSet = NIOLockedValueBox(rules)
        self.active = Synchronization.Atomic(!rules.isEmpty)
        self.routesKnown = routes != nil
        self.resolver =
            try? routes.map { try RouteResolver(configuration: $0) }
            ?? RouteResolver(expression: nil, table: RouteTable(routeKeys: []))
        self.defaultHoldTimeout = defaultHoldTimeout
    }

    /// Whether any rule is in force: without one, messages are relayed frame by frame, untouched.
    var isActive: Bool { active.load(ordering: .relaxed) }

    /// The rules in force, in order.
    public var rules: InterceptRuleSet {
        ruleSet.withLockedValue { $0 }
    }

    /// Adds a rule after the others; its id must be new (`nextRuleID` gives a free one).
    ///
    /// - Throws: `InterceptRuleError` when the id is taken.
    public func addRule(_ rule: InterceptRule) throws(InterceptRuleError) {
        try change { rules throws(InterceptRuleError) in try rules.add(rule) }
    }

    /// Removes the rule with this id and returns it.
    ///
    /// - Throws: `InterceptRuleError` when there is no such rule.
    @discardableResult
    public func removeRule(id: String) throws(InterceptRuleError) -> InterceptRule {
        var removed: InterceptRule?
        try change { rules throws(InterceptRuleError) in removed = try rules.remove(id: id) }
        return removed!
    }

    /// An id no rule has (`r1`, `r2`, …).
    public var nextRuleID: String { rules.nextFreeID }

    private func change(_ body: (inout InterceptRuleSet) throws(InterceptRuleError) -> Void) throws(InterceptRuleError)
    {
        let failure: InterceptRuleError? = ruleSet.withLockedValue { rules in
            do throws(InterceptRuleError) {
                try body(&rules)
            } catch {
                return error
            }
            storeActive(rules: rules)
            return nil
        }
        if let failure { throw failure }
    }

    /// Makes the gateway answer a connection's next client message with a fault's error frame (`forbidden`,
    /// `internal-server-error`) instead of delivering it.
    public func answerNextClientMessage(on label: String, with fault: GatewayFault) {
        nextMessageFaults.withLockedValue { $0[label] = fault }
        refreshActive()
    }

    /// What happens to a complete message, or `nil` to relay it as it came: a fault injected for the connection's
    /// next client message first, then the first rule that matches.
    func decide(connection: String, direction: Direction, opcode: Opcode, payload: [UInt8]) -> InterceptDecision? {
        if direction == .client,
            let fault = nextMessageFaults.withLockedValue({ $0.removeValue(forKey: connection) })
        {
            refreshActive()
            return InterceptDecision(action: .fault(fault), by: "fault \(fault.rawValue)", ruleID: "fault")
        }
        let rules = self.rules
        guard !rules.isEmpty else { return nil }
        var candidate = InterceptCandidate(
            connection: connection, direction: direction, opcode: opcode, payload: payload)
        if rules.needsRouteKey, direction == .client, opcode == .text, let resolver {
            candidate.routeKey =
                routesKnown
                ? resolver.resolve(payload: payload, opcode: opcode).routeKey
                : resolver.selectedValue(payload: payload, opcode: opcode)
        }
        return rules.firstMatch(candidate).map {
            InterceptDecision(action: $0.action, by: "rule \($0.id)", ruleID: $0.id)
        }
    }

    private func refreshActive() {
        ruleSet.withLockedValue { storeActive(rules: $0) }
    }

    /// Sets `isActive` from the rules and the pending faults; called with the rule set's lock held, so of two
    /// changes at once the later store sees both.
    private func storeActive(rules: InterceptRuleSet) {
        let pending = nextMessageFaults.withLockedValue { !$0.isEmpty }
        active.store(pending || !rules.isEmpty, ordering: .relaxed)
    }
}

/// What a rule, or a fault injected on demand, does to one message.
struct InterceptDecision {
    var action: InterceptAction
    /// Who decided, for the events' marks: `rule r1`, `fault forbidden`.
    var by: String
    /// The rule's id, naming a breakpoint.
    var ruleID: String
}
