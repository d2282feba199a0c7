import GatewireCore
import Testing

@Suite struct InterceptRuleJSONSyntaxTests {
    static func rule(_ json: String, id: String? = "r1") throws(InterceptRuleError) -> InterceptRule {
        try InterceptRule(json: Array(json.utf8), id: id)
    }

    static func error(_ json: String) -> InterceptRuleError? {
        do throws(InterceptRuleError) {
            _ = try rule(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func fullMatchAndDelay() throws {
        let rule = try Self.rule(
            #"{"name":"slow","match":{"route":"x","connection":"c1","from":"client","regex":"p.ng","path":"$.a","equals":"v"},"action":"delay","milliseconds":200}"#
        )
        #expect(rule.id == "slow")
        #expect(
            rule.match
                == (try MessageMatch(
                    routeKey: "x", connection: "c1", direction: .client, pattern: "p.ng",
                    jsonPath: BodyPath(segments: [.key("a")]), jsonValue: "v")))
        #expect(rule.action == .delay(milliseconds: 200))
    }

    @Test func everyAction() throws {
        #expect(try Self.rule(#"{"action":"drop"}"#).action == .drop)
        #expect(try Self.rule(#"{"action":"duplicate"}"#).action == .duplicate)
        #expect(try Self.rule(#"{"action":"hold"}"#).action == .hold(timeoutSeconds: nil))
        #expect(try Self.rule(#"{"action":"hold","timeoutSeconds":null}"#).action == .hold(timeoutSeconds: nil))
        #expect(try Self.rule(#"{"action":"hold","timeoutSeconds":30}"#).action == .hold(timeoutSeconds: 30))
        #expect(try Self.rule(#"{"action":"hold","timeoutSeconds":0.5}"#).action == .hold(timeoutSeconds: 0.5))
        #expect(try Self.rule(#"{"action":"fault","fault":"forbidden"}"#).action == .fault(.forbidden))
        #expect(
            try Self.rule(#"{"action":"rewrite","merge":{"room":"lobby","n":2.0}}"#).action
                == .rewrite(.merge(patch: try RewriteJSON(parsing: #"{"room":"lobby","n":2.0}"#))))
        #expect(
            try Self.rule(#"{"action":"rewrite","set":{"path":"$.user","value":"eve"}}"#).action
                == .rewrite(.set(path: BodyPath(segments: [.key("user")]), value: try RewriteJSON(parsing: #""eve""#))))
        #expect(try Self.rule(#"{"action":"delay","milliseconds":0}"#).action == .delay(milliseconds: 0))
    }

    @Test func nameComesFromTheObjectOrTheCaller() throws {
        #expect(try Self.rule(#"{"action":"drop"}"#, id: "r7").id == "r7")
        #expect(try Self.rule(#"{"name":"mine","action":"drop"}"#, id: "r7").id == "mine")
        #expect(throws: InterceptRuleError.self) { try Self.rule(#"{"action":"drop"}"#, id: nil) }
        #expect(try Self.rule(#"{"match":{},"action":"drop"}"#).match.matchesEverything)
    }

    static let roundTrips = [
        #"{"name":"slow","match":{"route":"x","connection":"c1","from":"client","regex":"p.ng","path":"$.a","equals":"v"},"action":"delay","milliseconds":200}"#,
        #"{"action":"drop"}"#,
        #"{"match":{"from":"server"},"action":"duplicate"}"#,
        #"{"action":"hold","timeoutSeconds":2.5}"#,
        #"{"action":"hold"}"#,
        #"{"action":"fault","fault":"internal-server-error"}"#,
        #"{"action":"rewrite","merge":{"b":1.50,"a":{"z":null},"s":"q\"\n"}}"#,
        #"{"match":{"path":"$['room id'][0]","equals":"x y"},"action":"rewrite","set":{"path":"$.user","value":[1e3]}}"#,
    ]

    @Test(arguments: roundTrips)
    func jsonTextRoundTrips(json: String) throws {
        let rule = try Self.rule(json)
        let again = try InterceptRule(json: Array(rule.jsonText.utf8), id: nil)
        #expect(again == rule, "\(rule.jsonText)")
        // The two syntaxes describe the same rule.
        #expect(try InterceptRule(parsing: rule.specText, id: "other") == rule)
    }

    @Test func jsonTextIsCompactAndOrdered() throws {
        let rule = try Self.rule(#"{ "action" : "rewrite", "merge" : { "b" : 1.50, "a" : 1 }, "name" : "n" }"#)
        #expect(rule.jsonText == #"{"name":"n","match":{},"action":"rewrite","merge":{"b":1.50,"a":1}}"#)
        let delay = try Self.rule(#"{"match":{"regex":"a\\d"},"action":"delay","milliseconds":1e3}"#)
        #expect(delay.jsonText == #"{"name":"r1","match":{"regex":"a\\d"},"action":"delay","milliseconds":1000}"#)
    }

    @Test(arguments: [
        (#"{"action":"drop""#, InterceptRuleError.Code.invalidJSON),
        (#"["drop"]"#, .invalidJSON),
        (#"{"match":"x","action":"drop"}"#, .invalidJSON),
        (#"{"action":"drop","colour":"red"}"#, .unknownKey),
        (#"{"match":{"rout":"x"},"action":"drop"}"#, .unknownKey),
        (#"{"action":"drop","milliseconds":5}"#, .unknownKey),
        (#"{"action":"hold","fault":"forbidden"}"#, .unknownKey),
        (#"{"action":"drop","action":"duplicate"}"#, .duplicateKey),
        (#"{"name":"a b","action":"drop"}"#, .invalidValue),
        (#"{"name":1,"action":"drop"}"#, .invalidValue),
        (#"{"match":{"from":"up"},"action":"drop"}"#, .invalidValue),
        (#"{"match":{"route":""},"action":"drop"}"#, .invalidValue),
        (#"{"match":{"equals":"v"},"action":"drop"}"#, .invalidValue),
        (#"{"match":{"regex":"(("},"action":"drop"}"#, .invalidPattern),
        (#"{"match":{"path":"$..a"},"action":"drop"}"#, .invalidPath),
        (#"{"match":{"path":"a"},"action":"drop"}"#, .invalidPath),
        (#"{}"#, .unknownAction),
        (#"{"action":"block"}"#, .unknownAction),
        (#"{"action":"delay"}"#, .invalidArgument),
        (#"{"action":"delay","milliseconds":"200"}"#, .invalidValue),
        (#"{"action":"delay","milliseconds":1.5}"#, .invalidArgument),
        (#"{"action":"delay","milliseconds":-1}"#, .outOfRange),
        (#"{"action":"delay","milliseconds":600001}"#, .outOfRange),
        (#"{"action":"hold","timeoutSeconds":0}"#, .outOfRange),
        (#"{"action":"hold","timeoutSeconds":3600.5}"#, .outOfRange),
        (#"{"action":"fault"}"#, .invalidArgument),
        (#"{"action":"fault","fault":"gone"}"#, .invalidFault),
        (#"{"action":"fault","fault":"message-too-large"}"#, .invalidFault),
        (#"{"action":"fault","fault":"nope"}"#, .invalidFault),
        (#"{"action":"rewrite"}"#, .invalidArgument),
        (#"{"action":"rewrite","merge":{},"set":{"path":"$.a","value":1}}"#, .invalidArgument),
        (#"{"action":"rewrite","set":{"path":"$.a"}}"#, .invalidArgument),
        (#"{"action":"rewrite","set":{"path":"$.a","value":1,"x":2}}"#, .unknownKey),
        (#"{"action":"rewrite","set":{"path":"$[*]","value":1}}"#, .invalidPath),
    ])
    func errors(json: String, code: InterceptRuleError.Code) {
        let error = Self.error(json)
        #expect(error?.code == code, "\(error?.message ?? "no error")")
    }

    @Test func errorsNameTheKeyAndWhatWasExpected() {
        let unknown = Self.error(#"{"action":"drop","colour":"red"}"#)?.message ?? ""
        #expect(unknown.contains("\"colour\""))
        #expect(unknown.contains("\"action\""))
        let misplaced = Self.error(#"{"action":"drop","milliseconds":5}"#)?.message ?? ""
        #expect(misplaced.contains("\"milliseconds\""))
        #expect(misplaced.contains("drop"))
        let notJSON = Self.error(#"{"action":"drop""#)?.message ?? ""
        #expect(notJSON.contains("line 1"))
    }
}
