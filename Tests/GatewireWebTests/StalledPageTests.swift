import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

@testable import GatewireWeb

/// A real headless Chromium (`Peers/stalled_page.py`, Selenium with Debian's chromium and chromedriver) whose page
/// stops taking the stream while a burst of events arrives.
@Suite(.timeLimit(.minutes(2))) struct StalledPageTests {
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Peers/stalled_page.py")

    @Test("a page whose script stalls through a burst of events catches up and shows how many it skipped")
    func stalledPageShowsSkipped() async throws {
        let store = LiveEventStore()
        let server = try WebViewServer(configuration: WebViewConfiguration(maxClientBacklog: 2_000), store: store)
        try await server.start()
        defer { Task { await server.shutdown() } }

        let browser = try ChildProcess(command: ["python3", Self.script.path, server.url, "4", "40000"])
        defer { browser.kill() }
        try await browser.waitForOutput("STALLING", timeout: .seconds(60))
        // 40,000 events of about 1 KiB while the page's script is busy: far more than the browser, the sockets and
        // the server's write buffer hold between them.
        let filler = String(repeating: "x", count: 1_000)
        for batch in 0..<40 {
            store.append(
                (0..<1_000).map { index in
                    .message(
                        MessageEvent(
                            time: Timestamp(microsecondsSinceEpoch: Int64(batch * 1_000 + index) * 1_000_000),
                            connection: "c1",
                            direction: .server, text: "{\"i\":\(batch * 1_000 + index),\"data\":\"\(filler)\"}"))
                })
        }
        let status = await browser.waitForExit(timeout: .seconds(90))
        #expect(status == 0, "\(browser.standardError)")
        let last = try #require(browser.standardOutput.split(separator: "\n").last)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let skipped = try #require(report["skipped"] as? Int)
        #expect(skipped > 0)
        #expect((report["notice"] as? String)?.contains("events skipped") == true)
        // Every event reached the page or was counted as skipped, and none twice.
        #expect(report["lastSeq"] as? Int == 40_000)
        #expect((report["events"] as? Int ?? 0) + skipped == 40_000)
    }
}
