import Foundation
import GatewireTestSupport
import Testing

@Suite struct LintURLCommandTests {
    static let rawKey =
        "…/prod?serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19:37:55.612063+00:00&fromClient=true"
    static let encodedCutKey =
        "…/prod?serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A"
    static let wholeQueryEncoded = "…/pd?serviceName%3DkelpPersist%26cacheKey%3Dblord"

    @Test("the seed URLs exit 1 and name every finding, per URL and across URLs")
    func seedURLs() async throws {
        let result = try await GatewireProcess.run([
            "lint-url", "--stage", "prod", Self.rawKey, Self.encodedCutKey, Self.wholeQueryEncoded,
        ])
        #expect(result.status == 1)
        for code in [
            "plus-decodes-to-space", "encoded-delimiters", "unknown-stage", "same-key-different-bytes",
            "prefix-truncated",
        ] {
            #expect(result.standardOutput.contains(code), "missing \(code)")
        }
        #expect(result.standardOutput.contains("\"35354-2024-08-01T19:37:55.612063 00:00\""))
        #expect(!result.standardOutput.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test("--json gives decoded parameters and findings a script can read")
    func json() async throws {
        let result = try await GatewireProcess.run(["lint-url", "--json", Self.rawKey, Self.encodedCutKey])
        #expect(result.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.count == 2)
        let decoded = try #require(entries[0]["decoded"] as? [String: Any])
        let single = try #require(decoded["queryStringParameters"] as? [String: String])
        #expect(single["cacheKey"] == "35354-2024-08-01T19:37:55.612063 00:00")
        let cross = try #require(object["crossFindings"] as? [[String: Any]])
        #expect(
            cross.compactMap { $0["code"] as? String }.sorted() == ["prefix-truncated", "same-key-different-bytes"])
    }

    @Test("a clean URL exits 0")
    func clean() async throws {
        let result = try await GatewireProcess.run(["lint-url", "--stage", "prod", "wss://h/prod?token=abc&room=12"])
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("no findings"))
    }

    @Test("--fail-on error ignores warnings; --fail-on info counts everything")
    func threshold() async throws {
        #expect(try await GatewireProcess.run(["lint-url", "--fail-on", "error", "…/prod?k=a+b"]).status == 0)
        #expect(try await GatewireProcess.run(["lint-url", "--fail-on", "warning", "…/prod?k=a+b"]).status == 1)
        #expect(try await GatewireProcess.run(["lint-url", "--fail-on", "info", "…/prod?k=a:b"]).status == 1)
    }

    @Test("URLs can come from standard input, one per line")
    func standardInput() async throws {
        let result = try await GatewireProcess.run(
            ["lint-url", "-"], input: Self.rawKey + "\n" + Self.encodedCutKey + "\n")
        #expect(result.standardOutput.contains("url2"))
        #expect(result.standardOutput.contains("same-key-different-bytes"))
    }

    @Test("an unparseable URL exits 65 and says why")
    func badURL() async throws {
        let result = try await GatewireProcess.run(["lint-url", "ftp://example.com/prod"])
        #expect(result.status == 65)
        #expect(result.standardOutput.contains("scheme"))
    }

    @Test("a missing route file exits 66; an unknown policy is a usage error (64)")
    func badFlags() async throws {
        let missing = try await GatewireProcess.run(["lint-url", "--routes", "no-such-file.yaml", "…/prod"])
        #expect(missing.status == 66)
        #expect(missing.standardError.contains("no-such-file.yaml"))
        let policy = try await GatewireProcess.run(["lint-url", "--policy", "bogus", "…/prod"])
        #expect(policy.status == 64)
        #expect(policy.standardError.contains("bogus"))
    }

    @Test("known stages can come from a bundled template")
    func stagesFromTemplate() async throws {
        let result = try await GatewireProcess.run([
            "lint-url", "--routes", "captures/000-geoprocessing/template.yaml", Self.wholeQueryEncoded,
        ])
        #expect(result.standardOutput.contains("unknown-stage"))
        #expect(result.standardOutput.contains("`prod`"))
    }
}
