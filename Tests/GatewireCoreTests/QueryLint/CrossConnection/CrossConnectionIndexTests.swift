import GatewireTestSupport
import Testing

@testable import GatewireCore

@Suite struct CrossConnectionIndexTests {
    /// Values around the documented cacheKey trouble: raw `+`, encoded once or twice, cut short, cut inside an
    /// escape, plus unrelated values, so that related and unrelated pairs both occur often.
    private static let cacheKeys = [
        "2024-08-01T19:37:55.612063+00:00", "2024-08-01T19%3A37%3A55.612063%2B00%3A00",
        "2024-08-01T19%3A37%3A55.612063%2B00%3A", "2024-08-01T19%3A37%3A55.612063%2B00%3", "2024-08-01T19:37:55",
        "2024-08-01T19%253A37%253A55.612063%252B00%253A00", "2024-08-01T19:37:55.612063%2B00:00",
        "2024-08-02T08:00:00+00:00", "2024-08-02T08%3A00%3A00%2B00%3A00", "", "x", "x+y", "x%20y",
    ]
    private static let users = ["ann", "bob", "a+b", "a%2Bb", "a%2B"]

    /// What the analyzer did before the index: lint every remembered query with the new one, keep what names it.
    private static func reference(_ earlier: [ConnectionQuery], _ current: ConnectionQuery) -> [Finding] {
        CrossConnectionLinter().lint(earlier + [current]).filter {
            $0.connections?.contains(current.connection) ?? false
        }
    }

    @Test(
        "gives exactly the linter's findings for the new connection, also after older connections are removed",
        arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func matchesTheLinter(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var index = CrossConnectionIndex()
        var retained: [ConnectionQuery] = []
        let limit = Int.random(in: 3...12, using: &generator)
        for number in 1...60 {
            var parameters = ["cacheKey=" + Self.cacheKeys.randomElement(using: &generator)!]
            if Bool.random(using: &generator) {
                parameters.append("user=" + Self.users.randomElement(using: &generator)!)
            }
            if Int.random(in: 0..<5, using: &generator) == 0 {
                parameters.append("cacheKey=" + Self.cacheKeys.randomElement(using: &generator)!)
            }
            parameters.shuffle(using: &generator)
            let current = ConnectionQuery(
                connection: "c\(number)", query: QueryString(parameters.joined(separator: "&")))
            #expect(index.add(current) == Self.reference(retained, current), "connection c\(number), seed \(seed)")
            retained.append(current)
            if retained.count > limit { index.remove(retained.removeFirst()) }
        }
    }

    @Test("finds the raw and encoded cacheKey pair and the cut-off copy among many unrelated keys")
    func findsAmongMany() {
        var index = CrossConnectionIndex()
        for number in 0..<2_000 {
            let digits = String(number)
            let key = "2024-08-01T19:37:55." + String(repeating: "0", count: 6 - digits.count) + digits + "+00:00"
            #expect(index.add(ConnectionQuery(connection: "u\(number)", query: QueryString("cacheKey=" + key))).isEmpty)
        }
        let encoded = index.add(
            ConnectionQuery(connection: "e", query: QueryString("cacheKey=2024-08-01T19%3A37%3A55.000042%2B00%3A00")))
        #expect(encoded.map(\.code) == ["same-key-different-bytes"])
        #expect(encoded.first?.connections == ["u42", "e"])
        let cut = index.add(
            ConnectionQuery(connection: "t", query: QueryString("cacheKey=2024-08-01T19%3A37%3A55.0007")))
        #expect(cut.isEmpty)
        let cutAtEscape = index.add(
            ConnectionQuery(connection: "p", query: QueryString("cacheKey=2024-08-01T19%3A37%3A55.000777%2B00%3")))
        #expect(cutAtEscape.map(\.code).contains("prefix-truncated"))
    }
}
