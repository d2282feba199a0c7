import ArgumentParser
import Testing

@testable import gatewire

@Suite struct ProxyCommandTests {
    @Test("defaults to loopback port 8080 and parses upstream, TLS, recording and filters")
    func parses() throws {
        let command = try #require(
            try GatewireCommand.parseAsRoot([
                "proxy", "--upstream", "wss://abc.execute-api.eu-west-1.amazonaws.com/prod", "--record", "s.jsonl",
                "--redact-param", "token", "--only-route", "join", "--direction", "client", "--json",
            ]) as? GatewireCommand.Proxy)
        #expect(command.bind.listen == "127.0.0.1:8080")
        #expect(command.bind.isLoopback)
        #expect(command.redaction.parameters == ["token"])
        #expect(command.filter.onlyRoutes == ["join"])
        #expect(command.output.json)
        #expect(command.handshakeTimeout == 60)
    }

    @Test("--handshake-timeout takes positive seconds")
    func handshakeTimeout() throws {
        let command = try #require(
            try GatewireCommand.parseAsRoot(["proxy", "--upstream", "ws://h", "--handshake-timeout", "1.5"])
                as? GatewireCommand.Proxy)
        #expect(command.handshakeTimeout == 1.5)
        #expect(throws: (any Error).self) {
            try GatewireCommand.parseAsRoot(["proxy", "--upstream", "ws://h", "--handshake-timeout", "0"])
        }
    }

    @Test(
        "rejects a bad upstream, a lone TLS file, an unknown direction and a bad listen address",
        arguments: [
            ["proxy", "--upstream", "http://h"],
            ["proxy", "--upstream", "ws://h", "--tls-cert", "c.pem"],
            ["proxy", "--upstream", "ws://h", "--direction", "up"],
            ["proxy", "--upstream", "ws://h", "--listen", "8080"],
        ])
    func invalid(arguments: [String]) {
        #expect(throws: (any Error).self) { try GatewireCommand.parseAsRoot(arguments) }
    }

    @Test("a public listen address is not loopback")
    func publicBind() throws {
        let command = try #require(
            try GatewireCommand.parseAsRoot(["proxy", "--upstream", "ws://h", "--listen", "0.0.0.0:9000"])
                as? GatewireCommand.Proxy)
        #expect(!command.bind.isLoopback)
    }
}
