import Foundation
import GatewireCapture
import GatewireCore
import Testing

/// Damaged input ends with a clear error or a reported gap, never a crash or a hang.
@Suite struct RobustnessTests {
    private func importOrError(_ path: String) -> (events: [SessionEvent], error: CaptureError?) {
        var events: [SessionEvent] = []
        do {
            _ = try CaptureImporter.importFile(path) { events.append($0) }
            return (events, nil)
        } catch let error as CaptureError {
            return (events, error)
        } catch {
            Issue.record("unexpected error type: \(error)")
            return (events, nil)
        }
    }

    @Test("a missing file and a file that is not a capture fail with cannot-open-file")
    func notACapture() throws {
        #expect(importOrError("/nonexistent/capture.pcap").error?.code == "cannot-open-file")
        let text = CaptureFixtures.temporaryFile("notes.pcap")
        try Data("this is not a capture\n".utf8).write(to: URL(fileURLWithPath: text))
        let result = importOrError(text)
        #expect(result.error?.code == "cannot-open-file")
        #expect(result.error?.message.contains(text) == true)
    }

    @Test("a corrupt record header stops reading with read-failed, after the good packets")
    func corruptRecordHeader() throws {
        var bytes = try PcapFile(contentsOf: CaptureFixtures.pcap("ping-close")).bytes
        // The first record's captured length becomes 0x7FFFFFFF, larger than any snapshot length.
        bytes.replaceSubrange(24 + 8..<24 + 12, with: [0xFF, 0xFF, 0xFF, 0x7F])
        let path = CaptureFixtures.temporaryFile("corrupt.pcap")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(importOrError(path).error?.code == "read-failed")
    }

    @Test("a file cut anywhere imports what it holds or fails with a clear error")
    func truncatedFile() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: CaptureFixtures.pcap("fragmented")))
        for length in stride(from: 0, to: whole.count, by: 37) {
            let path = CaptureFixtures.temporaryFile("cut-\(length).pcap")
            try whole.prefix(length).write(to: URL(fileURLWithPath: path))
            let result = importOrError(path)
            if let error = result.error {
                #expect(["cannot-open-file", "read-failed"].contains(error.code))
            }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    @Test("packets of random bytes are skipped or reported, never a crash", arguments: [1, 2, 3])
    func randomPackets(seed: UInt64) throws {
        var generator = SplitMix(seed: seed)
        var records: [PcapFile.Record] = []
        for index in 0..<400 {
            let length = Int(generator.next() % 200)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Half the packets get a plausible Ethernet + IPv4 + TCP prefix so the deeper layers see garbage too.
            if index % 2 == 0 {
                bytes = PacketBuilder.ethernet(
                    PacketBuilder.ipv4(
                        PacketBuilder.tcp(
                            sourcePort: 40_000 + UInt16(index % 3), destinationPort: 80,
                            sequence: UInt32(truncatingIfNeeded: generator.next()), payload: bytes)))
            }
            records.append(
                .init(seconds: 1, microseconds: UInt32(index), originalLength: UInt32(bytes.count), bytes: bytes))
        }
        let path = try PcapFile(linkType: 1, records: records).write("random.pcap")
        #expect(importOrError(path).error == nil)
    }

    @Test("random payloads after a real handshake are reported as violations, not decoded into nonsense")
    func randomFramesAfterHandshake() {
        var generator = SplitMix(seed: 9)
        let importer = CaptureImporter()
        let client = Endpoint(address: .v4(0x7F00_0001), port: 50_000)
        let server = Endpoint(address: .v4(0x7F00_0001), port: 80)
        let time = Timestamp(microsecondsSinceEpoch: 0)
        var clientSequence: UInt32 = 1
        var serverSequence: UInt32 = 1
        func send(_ bytes: [UInt8], fromClient: Bool) -> [SessionEvent] {
            let segment = TCPSegment(
                source: fromClient ? client : server, destination: fromClient ? server : client,
                sequenceNumber: fromClient ? clientSequence : serverSequence, flags: [.ack], payload: bytes)
            if fromClient { clientSequence &+= UInt32(bytes.count) } else { serverSequence &+= UInt32(bytes.count) }
            return importer.receive(segment, time: time)
        }
        var events = send(FrameBytes.request, fromClient: true) + send(FrameBytes.response, fromClient: false)
        for index in 0..<300 {
            let bytes = (0..<Int(generator.next() % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            events += send(bytes, fromClient: index % 2 == 0)
        }
        events += importer.finish(time: time)
        #expect(events.contains { if case .connect = $0 { true } else { false } })
        #expect(events.contains { if case .error = $0 { true } else { false } })
    }

    @Test("packets cut by a small snapshot length become truncated-packet gaps; whole messages before them survive")
    func snaplenTruncated() throws {
        var file = try PcapFile(contentsOf: CaptureFixtures.pcap("text-binary"))
        file.records = file.records.map { record in
            var cut = record
            cut.bytes = Array(record.bytes.prefix(400))
            return cut
        }
        let (events, error) = importOrError(try file.write("snaplen.pcap"))
        #expect(error == nil)
        let gaps = events.compactMap { event -> ErrorEvent? in
            if case .error(let error) = event, error.code == "capture-gap-truncated-packet" { return error }
            return nil
        }
        #expect(!gaps.isEmpty)
        let messages = events.compactMap { event -> String? in
            if case .message(let message) = event { return message.text }
            return nil
        }
        #expect(messages.prefix(2) == ["hello", "hello"])
    }

    @Test("a segment missing from the middle of a large message is reported as a gap; later messages still decode")
    func missingSegment() throws {
        var file = try PcapFile(contentsOf: CaptureFixtures.pcap("text-binary"))
        // The largest packet carries part of the 66000-byte message; drop the first of them.
        let largest = try #require(
            file.records.indices.max { file.records[$0].bytes.count < file.records[$1].bytes.count })
        file.records.remove(at: largest)
        let (events, error) = importOrError(try file.write("missing.pcap"))
        #expect(error == nil)
        #expect(
            events.contains {
                if case .error(let error) = $0 { error.code == "capture-gap-missing-segments" } else { false }
            })
        #expect(
            events.contains { if case .error(let error) = $0 { error.code == "frames-lost-in-gap" } else { false } })
        // The other direction is whole, and the client's close frame after the gap is found again.
        #expect(
            events.contains {
                if case .message(let message) = $0 {
                    message.direction == .server && message.size == 66000
                } else {
                    false
                }
            })
        #expect(
            events.contains {
                if case .close(let close) = $0 { close.direction == .client && close.info.code == 1000 } else { false }
            })
    }
}

/// A small deterministic generator, so random inputs are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
