import GatewireCore
import Testing

@Suite struct RouteConfigLinterTests {
    static let keys = ["$connect", "$disconnect", "sendmessage", "$default"]

    static let firingRows: [(String?, [String], String, Finding.Severity)] = [
        (nil, keys, "assumed-expression", .info),
        ("${request.body.action", keys, "invalid-expression", .error),
        ("$request.body..action", keys, "invalid-expression", .error),
        ("$request.header.x-api-key", keys, "non-body-variable", .error),
        ("$default", keys, "non-body-variable", .error),
        ("'$request.body.action'", keys, "quoted-expression", .error),
        ("\"$request.body.action\"", keys, "quoted-expression", .error),
        ("$request.body.action ", keys, "whitespace-expression", .warning),
        ("request.body.action", keys, "static-expression", .warning),
        ("action", keys, "static-expression", .warning),
        ("\\$default", keys, "static-expression", .info),
        // The static text is the key only as Swift strings compare, not byte for byte: no message would match.
        ("cafe\u{301}", ["caf\u{E9}"], "static-expression", .warning),
        ("caf\u{E9}", ["caf\u{E9}"], "static-expression", .info),
        ("$request.body.action", ["$sendmessage", "$default"], "reserved-prefix-route-key", .error),
        ("$request.body.action", ["sendmessage", ""], "empty-route-key", .warning),
        ("$request.body.action", ["sendmessage "], "whitespace-route-key", .warning),
    ]

    @Test("each rule fires on its mistake with its severity", arguments: firingRows)
    func fires(expression: String?, routeKeys: [String], code: String, severity: Finding.Severity) throws {
        let findings = RouteConfigLinter.lint(expression: expression, routeKeys: routeKeys)
        let finding = try #require(findings.first { $0.code == code }, "\(findings.map(\.code))")
        #expect(finding.severity == severity)
        #expect(!finding.message.isEmpty)
    }

    static let cleanRows: [(String, [String])] = [
        ("$request.body.action", keys),
        ("${request.body.service}/${request.body.action}", ["chat/join", "$default"]),
        ("$request.body.message", ["$connect", "$disconnect", "sendmessage"]),
        ("${request.body.type}", ["start", "join", "move"]),
        ("$request.body.action", ["setName", "sendPublic", "sendPrivate", "$default"]),
    ]

    @Test("well-formed configurations produce no findings", arguments: cleanRows)
    func clean(expression: String, routeKeys: [String]) {
        #expect(RouteConfigLinter.lint(expression: expression, routeKeys: routeKeys).isEmpty)
    }

    @Test("the reserved keys themselves are not findings")
    func reservedKeysAreFine() {
        let codes = RouteConfigLinter.lint(expression: "$request.body.action", routeKeys: Self.keys).map(\.code)
        #expect(!codes.contains("reserved-prefix-route-key"))
    }

    @Test("a static path without $ suggests adding it")
    func staticFix() throws {
        let finding = try #require(RouteConfigLinter.lint(expression: "request.body.action", routeKeys: []).first)
        #expect(finding.fix == "Add the dollar: $request.body.action")
    }

    @Test("a quoted expression shows the expression without quotes")
    func quotedDecoded() throws {
        let finding = try #require(
            RouteConfigLinter.lint(expression: "'$request.body.action'", routeKeys: []).first {
                $0.code == "quoted-expression"
            }
        )
        #expect(finding.decoded == "$request.body.action")
        #expect(finding.raw == "'$request.body.action'")
    }

    @Test("one finding per offending key, naming the key")
    func perKey() {
        let findings = RouteConfigLinter.lint(expression: "$request.body.action", routeKeys: ["$a", "$b", "ok"])
        #expect(findings.map(\.parameter) == ["$a", "$b"])
    }

    @Test("codes are stable kebab-case and unique")
    func codes() {
        let codes = RouteConfigLinter.codes
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
        #expect(codes.contains("static-expression"))
        #expect(codes.contains("quoted-expression"))
        #expect(codes.contains("reserved-prefix-route-key"))
    }

    @Test("a configuration is linted through its expression and configured keys")
    func configuration() {
        let configuration = RouteConfiguration(expression: nil, routeKeys: ["$oops"])
        #expect(
            RouteConfigLinter.lint(configuration: configuration).map(\.code) == [
                "assumed-expression", "reserved-prefix-route-key",
            ])
    }
}
