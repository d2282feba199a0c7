import GatewireCore
import Testing

@Suite struct RouteSelectionExpressionTests {
    typealias Part = RouteSelectionExpression.Part

    static let parsed: [(String, [Part])] = [
        ("$request.body.action", [.variable(BodyPath(segments: [.key("action")]))]),
        ("${request.body.action}", [.variable(BodyPath(segments: [.key("action")]))]),
        (
            "${request.body.service}/${request.body.action}",
            [
                .variable(BodyPath(segments: [.key("service")])), .literal("/"),
                .variable(BodyPath(segments: [.key("action")])),
            ]
        ),
        (
            "${request.body.action}-${request.body.invalidPath}",
            [
                .variable(BodyPath(segments: [.key("action")])), .literal("-"),
                .variable(BodyPath(segments: [.key("invalidPath")])),
            ]
        ),
        ("action", [.literal("action")]),
        ("\\$default", [.literal("$default")]),
        ("$request.body.message.type", [.variable(BodyPath(segments: [.key("message"), .key("type")]))]),
        ("$request.body.a_1.B2", [.variable(BodyPath(segments: [.key("a_1"), .key("B2")]))]),
        // An unbraced path ends at the first character that is not a JSONPath name character.
        (
            "$request.body.action-x",
            [.variable(BodyPath(segments: [.key("action")])), .literal("-x")]
        ),
        ("v1:$request.body.type", [.literal("v1:"), .variable(BodyPath(segments: [.key("type")]))]),
        ("$request.body['room id']", [.variable(BodyPath(segments: [.key("room id")]))]),
        ("$request.body[\"a.b\"]", [.variable(BodyPath(segments: [.key("a.b")]))]),
        ("$request.body['it\\'s']", [.variable(BodyPath(segments: [.key("it's")]))]),
        (
            "$request.body.items[0].name",
            [.variable(BodyPath(segments: [.key("items"), .index(0), .key("name")]))]
        ),
        ("$request.body.items[-1]", [.variable(BodyPath(segments: [.key("items"), .index(-1)]))]),
        ("${request.body.my-key}", [.variable(BodyPath(segments: [.key("my-key")]))]),
        ("$request.body", [.variable(BodyPath(segments: []))]),
        ("price: \\$5", [.literal("price: $5")]),
        ("a\\b", [.literal("a\\b")]),
        ("", []),
    ]

    @Test("expressions parse into literal and variable parts", arguments: parsed)
    func parses(source: String, parts: [Part]) throws {
        let expression = try RouteSelectionExpression(source)
        #expect(expression.parts == parts)
        #expect(expression.source == source)
    }

    @Test("an expression without variables is static and knows its text")
    func staticValue() throws {
        #expect(try RouteSelectionExpression("\\$default").staticValue == "$default")
        #expect(try RouteSelectionExpression("request.body.action").isStatic)
        #expect(try RouteSelectionExpression("$request.body.action").staticValue == nil)
    }

    @Test("the assumed default is the CDK and Serverless expression and parses")
    func assumedDefault() throws {
        #expect(RouteSelectionExpression.assumedDefault == "$request.body.action")
        #expect(try RouteSelectionExpression(RouteSelectionExpression.assumedDefault).variables.count == 1)
    }

    @Test(
        "paths print in canonical form",
        arguments: [
            ("$request.body.a.b", "request.body.a.b"),
            ("${request.body['room id'][2]}", "request.body['room id'][2]"),
            ("$request.body[\"x\"]", "request.body.x"),
        ])
    func canonicalPath(source: String, printed: String) throws {
        #expect(try RouteSelectionExpression(source).variables.first?.description == printed)
    }

    static let failures: [(String, RouteSelectionExpressionError.Code, Int)] = [
        ("${request.body.action", .unterminatedVariable, 0),
        ("x-${request.body.action", .unterminatedVariable, 2),
        ("${", .unterminatedVariable, 0),
        ("${}", .emptyVariable, 0),
        ("$", .strayDollar, 0),
        ("a $ b", .strayDollar, 2),
        ("$-x", .strayDollar, 0),
        ("$request.header.x-api-key", .unsupportedVariable, 0),
        ("$request.querystring.token", .unsupportedVariable, 0),
        ("${context.routeKey}", .unsupportedVariable, 0),
        ("$default", .unsupportedVariable, 0),
        ("$request.bodyx.a", .unsupportedVariable, 0),
        ("$request", .unsupportedVariable, 0),
        ("$request.body.", .invalidPath, 13),
        ("$request.body.a.", .invalidPath, 15),
        ("$request.body['a", .invalidPath, 13),
        ("$request.body[a]", .invalidPath, 14),
        ("$request.body[0", .invalidPath, 13),
        ("$request.body[-]", .invalidPath, 14),
        ("${request.body.a b}", .invalidPath, 16),
        ("$request.body..a", .unsupportedPath, 13),
        ("$request.body.*", .unsupportedPath, 14),
        ("$request.body[*]", .unsupportedPath, 14),
        ("$request.body[?(@.a)]", .unsupportedPath, 14),
        ("$request.body[0:2]", .unsupportedPath, 15),
        ("$request.body['a','b']", .unsupportedPath, 17),
    ]

    @Test("malformed expressions throw a coded error at the right column", arguments: failures)
    func fails(source: String, code: RouteSelectionExpressionError.Code, offset: Int) {
        #expect {
            try RouteSelectionExpression(source)
        } throws: { error in
            guard let error = error as? RouteSelectionExpressionError else { return false }
            return error.code == code && error.offset == offset && error.expression == source
        }
    }

    @Test("errors read with a 1-based column and say how to write $default")
    func errorMessage() {
        do {
            _ = try RouteSelectionExpression("$default")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("column 1: "))
            #expect(error.message.contains("\\$default"))
            #expect(error.code.rawValue == "unsupported-variable")
        }
    }
}
