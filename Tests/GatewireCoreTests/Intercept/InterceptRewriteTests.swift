import GatewireCore
import Testing

@Suite struct InterceptRewriteTests {
    static func apply(_ rewrite: MessageRewrite, to payload: String) throws -> String {
        String(decoding: try rewrite.apply(to: Array(payload.utf8)), as: UTF8.self)
    }

    /// RFC 7386 Appendix A, every example.
    static let rfc7386Examples: [(target: String, patch: String, result: String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test(arguments: rfc7386Examples)
    func mergePatchFollowsRFC7386(target: String, patch: String, result: String) throws {
        let rewrite = MessageRewrite.merge(patch: try RewriteJSON(parsing: patch))
        #expect(try Self.apply(rewrite, to: target) == result)
    }

    @Test func mergeKeepsNumberTextMemberOrderAndEscapes() throws {
        let rewrite = MessageRewrite.merge(patch: try RewriteJSON(parsing: #"{"b": 2.50, "new": "say \"hi\"\n"}"#))
        let payload = #"{ "z": 1e3, "b": 1, "a": -0.0, "s": "tab\there" }"#
        #expect(
            try Self.apply(rewrite, to: payload)
                == #"{"z":1e3,"b":2.50,"a":-0.0,"s":"tab\there","new":"say \"hi\"\n"}"#)
    }

    @Test func mergeIntoTheLastOfRepeatedKeys() throws {
        let rewrite = MessageRewrite.merge(patch: try RewriteJSON(parsing: #"{"a":{"y":2}}"#))
        #expect(try Self.apply(rewrite, to: #"{"a":{"x":0},"a":{"x":1}}"#) == #"{"a":{"x":0},"a":{"x":1,"y":2}}"#)
    }

    @Test func setReplacesANestedValueInPlace() throws {
        let rewrite = MessageRewrite.set(
            path: try BodyPath(jsonPath: "$.user.name"), value: try RewriteJSON(parsing: #""eve""#))
        #expect(
            try Self.apply(rewrite, to: #"{"action":"join","user":{"name":"bob","age":30},"n":1.0}"#)
                == #"{"action":"join","user":{"name":"eve","age":30},"n":1.0}"#)
    }

    @Test func setCreatesMissingMembersAtTheEnd() throws {
        let rewrite = MessageRewrite.set(
            path: try BodyPath(jsonPath: "$.meta.trace[\"span id\"]"), value: try RewriteJSON(parsing: "7.10"))
        #expect(
            try Self.apply(rewrite, to: #"{"action":"x"}"#) == #"{"action":"x","meta":{"trace":{"span id":7.10}}}"#)
    }

    @Test func setThroughArrayIndexes() throws {
        let rewrite = MessageRewrite.set(
            path: try BodyPath(jsonPath: "$.items[1].id"), value: try RewriteJSON(parsing: #"{"k":[1,2]}"#))
        #expect(
            try Self.apply(rewrite, to: #"{"items":[{"id":1},{"id":2}]}"#)
                == #"{"items":[{"id":1},{"id":{"k":[1,2]}}]}"#)
        let last = MessageRewrite.set(path: try BodyPath(jsonPath: "$[-1]"), value: try RewriteJSON(parsing: "true"))
        #expect(try Self.apply(last, to: "[1, 2, 3]") == "[1,2,true]")
    }

    @Test func setAtTheRootReplacesTheBody() throws {
        let rewrite = MessageRewrite.set(path: try BodyPath(jsonPath: "$"), value: try RewriteJSON(parsing: "[]"))
        #expect(try Self.apply(rewrite, to: #"{"a":1}"#) == "[]")
    }

    @Test func setErrors() throws {
        let value = try RewriteJSON(parsing: "1")
        func error(_ path: String, _ payload: String) throws -> MessageRewriteError? {
            let rewrite = MessageRewrite.set(path: try BodyPath(jsonPath: path), value: value)
            do {
                _ = try rewrite.apply(to: Array(payload.utf8))
                return nil
            } catch {
                return error
            }
        }
        #expect(try error("$.items[2]", #"{"items":[0,1]}"#) == .indexOutOfRange(path: "$.items", index: 2, count: 2))
        #expect(try error("$.items[-3]", #"{"items":[0,1]}"#) == .indexOutOfRange(path: "$.items", index: -3, count: 2))
        #expect(try error("$.a.b", #"{"a":5}"#) == .notAnObject(path: "$.a", found: "a number"))
        #expect(try error("$.a", "[1]") == .notAnObject(path: "$", found: "an array"))
        #expect(try error("$.a[0]", #"{"a":{}}"#) == .notAnArray(path: "$.a", found: "an object"))
        #expect(try error("$.a[0]", "{}") == .notAnArray(path: "$.a", found: "missing"))
        #expect(try error("$.a", "not json") == .notJSON)
        #expect(MessageRewriteError.indexOutOfRange(path: "$.a", index: 2, count: 1).description.contains("index 2"))
    }

    @Test func mergeIntoANonJSONPayloadIsAnError() throws {
        let rewrite = MessageRewrite.merge(patch: try RewriteJSON(parsing: #"{"a":1}"#))
        #expect(throws: MessageRewriteError.notJSON) { try rewrite.apply(to: Array("hello".utf8)) }
        #expect(throws: MessageRewriteError.notJSON) { try rewrite.apply(to: [0xFF, 0xFE]) }
        #expect(throws: MessageRewriteError.notJSON) { try rewrite.apply(to: []) }
    }

    @Test func rewriteJSONRejectsNonJSON() {
        #expect(throws: InterceptRuleError.self) { try RewriteJSON(parsing: "eve") }
        #expect(throws: InterceptRuleError.self) { try RewriteJSON(parsing: #"{"a":1"#) }
        #expect((try? RewriteJSON(parsing: #"{ "b" : 1.0 , "a" : [ ] }"#))?.text == #"{"b":1.0,"a":[]}"#)
    }
}
