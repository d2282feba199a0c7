import Foundation
import GatewireTestSupport
import Testing

/// `gatewire diagnose` on each bundled seed capture finds exactly the trouble the system was recorded with, and
/// nothing on the clean ones.
@Suite struct DiagnoseSeedCapturesTests {
    private func diagnose(_ capture: String) async throws -> (status: Int32, report: [String: Any]) {
        let result = try await GatewireProcess.run(["diagnose", "captures/\(capture)", "--json"])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
            "\(result.standardError)")
        return (result.status, report)
    }

    private func list(_ report: [String: Any], _ key: String) -> [[String: Any]] {
        report[key] as? [[String: Any]] ?? []
    }

    private func connection(_ item: [String: Any]) -> String? {
        (item["connection"] as? [String: Any])?["connection"] as? String
    }

    @Test("geoprocessing: the raw +00:00 subscription and the encoded, cut-off task key; the encoded query; the stage")
    func geoprocessing() async throws {
        let (status, report) = try await diagnose("000-geoprocessing/session.jsonl")
        #expect(status == 1)
        let groups = list(report, "missingSubscriptions")
        #expect(groups.count == 1)
        let group = try #require(groups.first)
        let members = (group["members"] as? [[String: Any]] ?? []).compactMap(connection)
        #expect(members == ["c1", "c2"])
        let differences = group["differences"] as? [[String: Any]] ?? []
        #expect(differences.compactMap { $0["kind"] as? String } == ["plus-became-space", "prefix-truncated"])
        let truncated = try #require(differences.last?["message"] as? String)
        #expect(truncated.contains("`%2B00%3A` (c2) is a cut-off prefix of `+00:00` (c1)"))
        // c3 and c4 share a correctly encoded key: the working pair is not reported.
        let trouble = list(report, "gatewayTrouble")
        #expect(trouble.compactMap { $0["kind"] as? String } == ["handshake-rejected", "handshake-rejected"])
        #expect(trouble.compactMap(connection) == ["c5", "c6"])
        #expect(trouble.compactMap { $0["status"] as? Int } == [400, 403])
        let encoded = try #require(trouble.first?["message"] as? String)
        #expect(encoded.contains("the whole query string was encoded as one value"))
        #expect(list(report, "routeProblems").isEmpty)
    }

    @Test("chat: \"$sendPublic\" falls to $default with the leading-dollar hint")
    func chat() async throws {
        let (status, report) = try await diagnose("004-chat/session.jsonl")
        #expect(status == 1)
        let problems = list(report, "routeProblems")
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem["value"] as? String == "$sendPublic")
        #expect(problem["reason"] as? String == "no-such-key")
        let hints = problem["hints"] as? [[String: Any]] ?? []
        #expect(hints.first?["kind"] as? String == "leading-dollar")
        #expect(hints.first?["routeKey"] as? String == "sendPublic")
        #expect(list(report, "missingSubscriptions").isEmpty)
        #expect(list(report, "gatewayTrouble").isEmpty)
    }

    @Test("naughts and crosses: the move sent as a binary frame and the gateway's 1003")
    func naughtsAndCrosses() async throws {
        let (status, report) = try await diagnose("003-naughts-and-crosses/session.jsonl")
        #expect(status == 1)
        let trouble = list(report, "gatewayTrouble")
        #expect(trouble.compactMap { $0["kind"] as? String } == ["binary-frame", "abnormal-close"])
        #expect(trouble.last?["closeCode"] as? Int == 1003)
        #expect(list(report, "routeProblems").isEmpty)
    }

    @Test("the pcap of naughts and crosses tells the same story as its recording")
    func naughtsAndCrossesPcap() async throws {
        let (status, report) = try await diagnose("003-naughts-and-crosses/session.pcap")
        #expect(status == 1)
        #expect(list(report, "gatewayTrouble").compactMap { $0["kind"] as? String }.contains("binary-frame"))
    }

    @Test(
        "the channel server and the simple backend report nothing",
        arguments: [
            "001-channel-server/session.jsonl", "002-simple-backend/session.jsonl",
        ])
    func clean(_ capture: String) async throws {
        let (status, report) = try await diagnose(capture)
        #expect(status == 0)
        #expect(report["hasProblems"] as? Bool == false)
        #expect(list(report, "missingSubscriptions").isEmpty)
        #expect(list(report, "routeProblems").isEmpty)
        #expect(list(report, "gatewayTrouble").isEmpty)
    }
}
