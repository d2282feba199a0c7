import Foundation
import GatewireCapture
import GatewireCore
import Testing

/// Captures that hold only part of a connection: started after the handshake, or cut by a snapshot length. What
/// is missing is reported, and times come from the packets, never from 1970.
@Suite struct PartialCaptureTests {
    private func errors(_ events: [SessionEvent]) -> [ErrorEvent] {
        events.compactMap {
            if case .error(let error) = $0 { return error }
            return nil
        }
    }

    private func time(of record: PcapFile.Record) -> Timestamp? {
        Timestamp(seconds: Int64(record.seconds), microseconds: Int64(record.microseconds))
    }

    @Test("a capture cut at 100 bytes a packet dates the connection by its first packet and reports the cut request")
    func snapshotLength() throws {
        var file = try PcapFile(contentsOf: CaptureFixtures.pcap("text-binary"))
        file.snapshotLength = 100
        file.records = file.records.map { record in
            var cut = record
            cut.bytes = Array(record.bytes.prefix(100))
            return cut
        }
        let (events, summary) = try CaptureFixtures.importEvents(try file.write("snap100.pcap"))
        guard case .connect(let connect) = try #require(events.first) else {
            Issue.record("the first event is not a connect: \(events.first.map(String.init(describing:)) ?? "")")
            return
        }
        #expect(connect.time == time(of: file.records[0]))
        #expect(events.allSatisfy { $0.time >= connect.time })
        let firstMessage = try #require(events.firstIndex { if case .message = $0 { true } else { false } })
        let early = errors(Array(events[..<firstMessage]))
        // The request and the 101 were both cut: both gaps are reported, before the first message.
        #expect(early.filter { $0.code == "capture-gap-truncated-packet" }.map(\.side) == [.client, .server])
        #expect(early.contains { $0.code == "handshake-not-captured" })
        #expect(summary.gaps == errors(events).filter { $0.code.hasPrefix("capture-gap-") }.count)
    }

    @Test("a capture started after the handshake dates the connection by its first data packet and says so")
    func startsMidConnection() throws {
        var file = try PcapFile(contentsOf: CaptureFixtures.pcap("text-binary"))
        let switching = Array("HTTP/1.1 101".utf8)
        let response = try #require(
            file.records.firstIndex { record in
                record.bytes.indices.contains { record.bytes[$0...].starts(with: switching) }
            })
        file.records.removeFirst(response + 1)
        let (events, _) = try CaptureFixtures.importEvents(try file.write("mid-connection.pcap"))
        guard case .connect(let connect) = try #require(events.first) else {
            Issue.record("the first event is not a connect")
            return
        }
        // The first packets left are bare ACKs; the connection starts with the first one that carries its data.
        let firstMessage = try #require(events.first { if case .message = $0 { true } else { false } })
        #expect(connect.time == firstMessage.time)
        #expect(try connect.time >= #require(time(of: file.records[0])))
        #expect(connect.status == nil)
        #expect(errors(events).contains { $0.code == "handshake-not-captured" })
        #expect(!events.contains { $0.time.rfc3339.hasPrefix("1970") })
    }
}
