import ArgumentParser
import Testing

@testable import gatewire

@Suite struct CommandParsingTests {
    @Test("the root command parses with no arguments")
    func root() throws {
        _ = try GatewireCommand.parseAsRoot([])
    }
}
