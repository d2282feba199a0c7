import ArgumentParser
import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

@testable import gatewire

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `gatewire proxy --control --rule --break` run as a user would: rules and breakpoints from the command line act
/// on real traffic, the control API answers at the endpoint the proxy prints, and the recording marks what
/// Gatewire did.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyInterceptCommandTests {
    @Test("rules and breakpoints from flags act on live traffic; the control API lists them; the recording marks them")
    func flagsActOnTraffic() async throws {
        let harness = try await ProxyCommandHarness(
            name: "intercept",
            arguments: [
                "--control", "0", "--rule", "route=drop-me drop", "--break", "route=hold-me",
                "--hold-timeout", "0.5",
            ])
        defer { harness.stop() }
        let endpoint = try await harness.proxy.waitFor("the control endpoint") { process -> String? in
            guard let range = process.standardError.range(of: "control API (@connections endpoint): ") else {
                return nil
            }
            return String(process.standardError[range.upperBound...].prefix { !$0.isWhitespace })
        }
        #expect(endpoint.hasPrefix("http://127.0.0.1:"))

        let (rules, response) = try await URLSession.shared.data(from: URL(string: endpoint + "/@gatewire/rules")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let listed = String(decoding: rules, as: UTF8.self)
        #expect(listed.contains(#""name":"r1""#) && listed.contains(#""action":"drop""#))
        #expect(listed.contains(#""name":"r2""#) && listed.contains(#""action":"hold""#))

        let client = try harness.startClient(
            path: "/prod",
            [
                ["text": #"{"action":"drop-me"}"#], ["text": #"{"action":"hold-me"}"#], ["recv": 1],
                ["text": #"{"action":"after"}"#], ["recv": 1], ["close": 1000],
            ])
        let status = try await client.waitFor("the client to finish", timeout: .seconds(30)) { process -> Int32? in
            process.isRunning ? nil : process.terminationStatus
        }
        #expect(status == 0)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(client.standardOutput.utf8)) as? [String: Any])
        let received = (report["received"] as? [[String: Any]])?.compactMap { ($0["text"] as? [String])?.first }
        // The dropped message never reached the upstream; the held one went on when the hold timeout passed.
        #expect(received == [#"{"action":"hold-me"}"#, #"{"action":"after"}"#])

        await harness.proxy.terminate()
        let recording = try RecordingReader().read(try Data(contentsOf: harness.recording))
        let marks = recording.events.compactMap(\.messageEvent).compactMap(\.intervention)
        #expect(marks.contains(Intervention(.dropped, by: "rule r1")))
        #expect(marks.contains(Intervention(.held, by: "breakpoint r2")))
        #expect(marks.contains(Intervention(.released, by: "timeout")))
    }

    @Test(
        "a bad rule, breakpoint, hold timeout or control address is refused before anything starts",
        arguments: [
            ["--rule", "route=x explode"], ["--rule", "route=x delay 99h"], ["--break", "regex=("],
            ["--hold-timeout", "0"], ["--control", "nowhere:port"],
        ])
    func invalid(arguments: [String]) {
        #expect(throws: (any Error).self) {
            try GatewireCommand.parseAsRoot(["proxy", "--upstream", "ws://h"] + arguments)
        }
    }

    @Test("rules keep their order: --rule ones first, then --break ones, named r1, r2, …")
    func ruleOrder() throws {
        let command = try #require(
            try GatewireCommand.parseAsRoot([
                "proxy", "--upstream", "ws://h", "--break", "route=b", "--rule", "route=a drop", "--rule",
                "name=slow route=c delay 1s",
            ]) as? GatewireCommand.Proxy)
        let rules = try command.intercept.ruleSet().rules
        #expect(rules.map(\.id) == ["r1", "slow", "r2"])
    }
}
