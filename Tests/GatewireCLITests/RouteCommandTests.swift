import Foundation
import GatewireTestSupport
import Testing

@Suite struct RouteCommandTests {
    @Test("the chat seed: a leading $ falls to $default, says why, and exits 1")
    func chatLeadingDollar() async throws {
        let result = try await GatewireProcess.run([
            "route", "--routes", "captures/004-chat/template.yaml", #"{"action":"$sendPublic","message":"hi"}"#,
        ])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("→ $default"))
        #expect(result.standardOutput.contains("leading-dollar → sendPublic"))
    }

    @Test("a message that matches exits 0")
    func matched() async throws {
        let result = try await GatewireProcess.run([
            "route", "-e", "${request.body.type}", "-r", "start", "-r", "join", "-r", "move", #"{"type":"move"}"#,
        ])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("→ move"))
    }

    @Test("no $default: the byte-exact Forbidden reply is shown")
    func forbidden() async throws {
        let result = try await GatewireProcess.run([
            "route", "-e", "$request.body.action", "-r", "sendmessage", #"{"action":"sendMessage"}"#,
        ])
        #expect(result.status == 1)
        #expect(
            result.standardOutput.contains(
                #"{"message": "Forbidden", "connectionId":"{connectionId}", "requestId":"{requestId}"}"#))
        #expect(result.standardOutput.contains("case-only → sendmessage"))
    }

    @Test("--json carries the resolution with reason and hints")
    func json() async throws {
        let result = try await GatewireProcess.run([
            "route", "--json", "-e", "$request.body.message", "-r", "sendmessage", "-r", "$default",
            #"{"action":"sendmessage"}"#,
        ])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        let resolution = try #require(entries.first?["resolution"] as? [String: Any])
        #expect(resolution["outcome"] as? String == "default")
        #expect(resolution["reason"] as? String == "property-missing")
        #expect(resolution["value"] as? String == "")
    }

    @Test("--lines resolves each line of standard input")
    func lines() async throws {
        let input = #"{"action":"sendmessage"}"# + "\n" + #"{"action":"nope"}"# + "\n"
        let result = try await GatewireProcess.run(
            ["route", "--json", "-e", "$request.body.action", "-r", "sendmessage", "-r", "$default", "--lines", "-"],
            input: input)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let outcomes = (object["entries"] as? [[String: Any]])?.compactMap {
            ($0["resolution"] as? [String: Any])?["outcome"] as? String
        }
        #expect(outcomes == ["matched", "default"])
    }

    @Test("binary frames close the connection with 1003")
    func binary() async throws {
        let result = try await GatewireProcess.run([
            "route", "--binary", "-e", "$request.body.action", "-r", "x", "abc",
        ])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("closed with 1003"))
    }

    @Test("an expression that does not parse exits 65 with the column")
    func badExpression() async throws {
        let result = try await GatewireProcess.run(["route", "-e", "${request.body.action", "-r", "x", "{}"])
        #expect(result.status == 65)
        #expect(result.standardError.contains("column"))
    }

    @Test("no routes at all is a usage error")
    func noRoutes() async throws {
        let result = try await GatewireProcess.run(["route", "{}"])
        #expect(result.status == 64)
    }

    @Test("the configuration alone is linted: a quoted expression is reported")
    func configurationOnly() async throws {
        let result = try await GatewireProcess.run(["route", "-e", "'$request.body.action'", "-r", "sendmessage"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("quoted-expression"))
    }

    @Test("--help shows examples")
    func help() async throws {
        let result = try await GatewireProcess.run(["route", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Examples:"))
    }
}
