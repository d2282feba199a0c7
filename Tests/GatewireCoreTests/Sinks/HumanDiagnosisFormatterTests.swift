import GatewireCore
import Testing

@Suite struct HumanDiagnosisFormatterTests {
    private typealias F = DiagnosisFixtures

    private static func troubled() throws -> DiagnosisReport {
        try F.diagnose(
            [
                F.connect("c1", query: F.browserQuery, id: "R1kmxc2VNjMCFIA="), F.connect("c2", query: F.workerQuery),
                F.clientText("c1", #"{"action":"$sendPublic"}"#, at: 2), F.clientBinary("c2", at: 3),
            ], routes: F.chat)
    }

    @Test("a clean report is one line saying no problems were found and what was checked")
    func clean() throws {
        let lines = HumanDiagnosisFormatter().lines(for: try F.diagnose([F.connect("c1")]))
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("No problems found. Checked 1 input, 1 connection, 0 client messages"))
    }

    @Test("each section appears with its heading, the bytes side by side, the differences in words and the fixes")
    func sections() throws {
        let text = HumanDiagnosisFormatter().lines(for: try Self.troubled()).joined(separator: "\n")
        #expect(text.contains("Missing subscriptions (1)"))
        #expect(text.contains("Route problems (1)"))
        #expect(text.contains("Gateway trouble (1)"))
        #expect(text.contains("c1  (R1kmxc2VNjMCFIA=, connected 19:37:55.000)"))
        #expect(
            text.contains(
                #"cacheKey     sent "35354-2024-08-01T19:37:55.612063+00:00"        → backend gets "#
                    + #""35354-2024-08-01T19:37:55.612063 00:00""#))
        #expect(text.contains("plus-became-space  `+` became a space for c1"))
        #expect(text.contains("prefix-truncated   `%2B00%3A` (c2) is a cut-off prefix of `+00:00` (c1)"))
        #expect(text.contains(#""$sendPublic" → $default (no-such-key), 1 message from c1"#))
        #expect(text.contains("hint leading-dollar → sendPublic"))
        #expect(text.contains("binary-frame  c2"))
        #expect(
            text.hasSuffix(
                "(2 errors, 1 warning). Checked 1 input, 2 connections, 2 client messages; "
                    + "subscription keys serviceName, cacheKey (guessed; name them with --key); decoding gateway."))
        #expect(!text.contains("\u{1B}["))
    }

    @Test("colour only when the style is on")
    func colour() throws {
        let styled = HumanDiagnosisFormatter(style: TextStyle(enabled: true)).lines(for: try Self.troubled())
        #expect(styled.contains { $0.contains("\u{1B}[31merror\u{1B}[0m") })
    }
}
