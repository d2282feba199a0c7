import GatewireCapture
import GatewireCore
import Testing

@Suite struct StreamDecoderTests {
    /// Feeds the two directions in `chunks` of the given size, in the order the peers would send them.
    private func decode(_ script: [(Direction, [UInt8])], chunkSize: Int? = nil) -> [StreamDecoder.Output] {
        let decoder = StreamDecoder()
        var outputs: [StreamDecoder.Output] = []
        for (direction, bytes) in script {
            let size = chunkSize ?? max(bytes.count, 1)
            var index = 0
            while index < bytes.count {
                outputs += decoder.receive(Array(bytes[index..<min(index + size, bytes.count)]), from: direction)
                index += size
            }
        }
        return outputs
    }

    private func frames(_ outputs: [StreamDecoder.Output]) -> [(Frame, Direction)] {
        outputs.compactMap {
            if case .frame(let frame, let direction) = $0 { return (frame, direction) }
            return nil
        }
    }

    private static let session: [(Direction, [UInt8])] = [
        (.client, FrameBytes.request),
        // The server's first frame travels in the same segment as its 101 response.
        (.server, FrameBytes.response + FrameBytes.serverText("welcome")),
        (
            .client,
            FrameBytes.clientText("hel", fin: false)
                + FrameBytes.frame(opcode: 0, payload: Array("lo".utf8), mask: [1, 2, 3, 4])
        ),
        (.client, FrameBytes.frame(opcode: 9, payload: [7], mask: [9, 9, 9, 9])),
        (.server, FrameBytes.frame(opcode: 8, payload: [0x03, 0xE8])),
    ]

    @Test("handshake and frames decode the same whole or drip-fed one byte at a time", arguments: [nil, 1, 2, 7])
    func dripFed(chunkSize: Int?) throws {
        let outputs = decode(Self.session, chunkSize: chunkSize)
        guard case .request(let request) = try #require(outputs.first) else {
            Issue.record("first output is not the request")
            return
        }
        #expect(request.path == "/prod")
        #expect(request.rawQuery == "token=a+b")
        #expect(outputs.contains { if case .response(let response) = $0 { response.status == 101 } else { false } })
        let decoded = frames(outputs)
        #expect(decoded.map(\.0.opcode) == [.text, .text, .continuation, .ping, .close])
        #expect(decoded.map(\.1) == [.server, .client, .client, .client, .server])
        #expect(
            decoded.map(\.0.payload) == [
                Array("welcome".utf8), Array("hel".utf8), Array("lo".utf8), [7], [0x03, 0xE8],
            ])
        #expect(decoded[1].0.masked && !decoded[0].0.masked)
        #expect(!outputs.contains { if case .problem = $0 { true } else { false } })
    }

    @Test("a refused upgrade leaves the connection HTTP: no frames are decoded")
    func refused() {
        let refusal = Array("HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nForbidden".utf8)
        let outputs = decode([(.client, FrameBytes.request), (.server, refusal)])
        #expect(outputs.contains { if case .response(let response) = $0 { response.status == 403 } else { false } })
        #expect(frames(outputs).isEmpty)
    }

    @Test("without a captured handshake, frames are decoded from a segment that starts with whole frames")
    func noHandshake() {
        let outputs = decode([
            (.server, FrameBytes.serverText("one")),
            (.client, FrameBytes.clientText("two")),
        ])
        #expect(frames(outputs).map(\.0.payload) == [Array("one".utf8), Array("two".utf8)])
        #expect(
            outputs.contains {
                if case .problem(let code, _, _) = $0 { code == "handshake-not-captured" } else { false }
            })
    }

    @Test("bytes that are not frames are not decoded as frames")
    func notFrames() {
        let outputs = decode([
            (.server, Array("SSH-2.0-OpenSSH_9.2\r\n".utf8)), (.client, [0x16, 0x03, 0x01, 0x02, 0x00]),
        ])
        #expect(frames(outputs).isEmpty)
    }

    @Test("a fragmented control frame is reported, and decoding resumes at the next safe frame")
    func violation() {
        let outputs = decode([
            (.client, FrameBytes.request), (.server, FrameBytes.response),
            (.client, FrameBytes.frame(fin: false, opcode: 9, payload: [1], mask: [1, 1, 1, 1])),
            (.client, FrameBytes.clientText("after")),
        ])
        #expect(
            outputs.contains {
                if case .problem(let code, _, .client) = $0 { code == "fragmented-control-frame" } else { false }
            })
        #expect(frames(outputs).map(\.0.payload) == [Array("after".utf8)])
    }

    @Test(
        "a frame NIOWebSocket's decoder refuses gets the code the proxy and the mock report for it",
        arguments: [
            (FrameBytes.frame(fin: false, opcode: 9, payload: [1], mask: [1, 1, 1, 1]), "fragmented-control-frame"),
            (
                FrameBytes.frame(opcode: 9, payload: Array(repeating: 0, count: 126), mask: [1, 1, 1, 1]),
                "control-frame-too-large"
            ),
            ([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], "frame-too-large"),
            (FrameBytes.frame(opcode: 3, payload: [], mask: [1, 1, 1, 1]), "reserved-opcode"),
        ])
    func decoderViolations(bytes: [UInt8], code: String) {
        let outputs = decode([(.client, FrameBytes.request), (.server, FrameBytes.response), (.client, bytes)])
        let codes = outputs.compactMap { if case .problem(let code, _, .client) = $0 { code } else { nil } }
        #expect(codes == [code])
    }

    @Test("after a gap, frames resume at the next segment that starts with a frame")
    func gap() {
        let decoder = StreamDecoder()
        _ = decoder.receive(FrameBytes.request, from: .client)
        _ = decoder.receive(FrameBytes.response, from: .server)
        let longFrame = FrameBytes.serverText(String(repeating: "x", count: 300))
        _ = decoder.receive(Array(longFrame.prefix(100)), from: .server)
        let problems = decoder.gap(TCPGap(byteCount: 100, reason: .missingSegments), in: .server)
        #expect(problems.count == 1)
        #expect(decoder.receive(Array(longFrame.suffix(104)), from: .server).isEmpty)
        let resumed = decoder.receive(FrameBytes.serverText("fine"), from: .server)
        #expect(frames(resumed).map(\.0.payload) == [Array("fine".utf8)])
    }

    private func problemCodes(_ outputs: [StreamDecoder.Output]) -> [String] {
        outputs.compactMap {
            if case .problem(let code, _, _) = $0 { return code }
            return nil
        }
    }

    @Test(
        "a frame whose length uses more bytes than needed is whole: the stream's end reports nothing incomplete",
        arguments: [nil, 1, 3])
    func nonMinimalLength(chunkSize: Int?) {
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        let payload = Array("hello".utf8)
        // RFC 6455 §5.2 asks for the minimal encoding; NIOWebSocket accepts the 16-bit and 64-bit forms anyway.
        let sixteenBit =
            [0x81, 0x80 | 126, 0, 5] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        let sixtyFourBit: [UInt8] = [0x81, 127, 0, 0, 0, 0, 0, 0, 0, 5] + payload
        let decoder = StreamDecoder()
        var outputs: [StreamDecoder.Output] = []
        for (direction, bytes) in [
            (Direction.client, FrameBytes.request), (.server, FrameBytes.response), (.client, sixteenBit),
            (.server, sixtyFourBit),
        ] {
            let size = chunkSize ?? bytes.count
            for start in stride(from: 0, to: bytes.count, by: size) {
                outputs += decoder.receive(Array(bytes[start..<min(start + size, bytes.count)]), from: direction)
            }
        }
        #expect(frames(outputs).map(\.0.payload) == [payload, payload])
        #expect(decoder.end(.client).isEmpty)
        #expect(decoder.end(.server).isEmpty)
    }

    @Test("a whole frame with a reserved opcode is reported once, not again when the stream ends")
    func reservedOpcodeOnce() {
        let decoder = StreamDecoder()
        var outputs = decoder.receive(FrameBytes.request, from: .client)
        outputs += decoder.receive(FrameBytes.response, from: .server)
        outputs += decoder.receive(FrameBytes.frame(opcode: 3, payload: Array("odd".utf8)), from: .server)
        outputs += decoder.receive(FrameBytes.serverText("after"), from: .server)
        outputs += decoder.end(.server) + decoder.end(.client)
        #expect(problemCodes(outputs) == ["reserved-opcode"])
        #expect(frames(outputs).map(\.0.payload) == [Array("after".utf8)])
    }

    @Test("a frame cut off by the end of the stream is reported with the bytes that were sent")
    func incompleteFrame() {
        let decoder = StreamDecoder()
        _ = decoder.receive(FrameBytes.request, from: .client)
        _ = decoder.receive(FrameBytes.response, from: .server)
        let frame = FrameBytes.serverText(String(repeating: "y", count: 200))
        #expect(frames(decoder.receive(FrameBytes.serverText("ok") + frame.prefix(50), from: .server)).count == 1)
        _ = decoder.receive(Array(frame[50..<60]), from: .server)
        let ended = decoder.end(.server)
        #expect(problemCodes(ended) == ["incomplete-frame"])
        guard case .problem(_, let message, _) = ended.first else { return }
        #expect(message.contains("60 bytes"))
    }

    @Test("permessage-deflate parameters are read from the 101 response")
    func deflateParameters() {
        let response = HandshakeResponse(
            status: 101,
            headers: [
                HTTPHeader(
                    name: "Sec-WebSocket-Extensions",
                    value: "permessage-deflate; server_no_context_takeover; client_max_window_bits=10")
            ])
        #expect(
            response.perMessageDeflate
                == PerMessageDeflate(serverNoContextTakeover: true, clientMaxWindowBits: 10))
        #expect(HandshakeResponse(status: 101, headers: []).perMessageDeflate == nil)
    }

    @Test("bytes a client sends after an unanswered upgrade request wait up to one frame's worth, then are dropped")
    func unansweredUpgradeIsBounded() {
        let decoder = StreamDecoder(configuration: StreamDecoder.Configuration(maxFrameSize: 4096))
        var outputs = decoder.receive(FrameBytes.request, from: .client)
        // Early frames within the bound still wait for the answer and decode after it.
        outputs += decoder.receive(FrameBytes.clientText("early"), from: .client)
        #expect(!outputs.contains { if case .problem = $0 { true } else { false } })
        for _ in 0..<8 {
            outputs += decoder.receive([UInt8](repeating: 0x41, count: 1024), from: .client)
        }
        let problems = outputs.compactMap { output -> String? in
            if case .problem(let code, _, let side) = output, side == .client { return code }
            return nil
        }
        #expect(problems == ["upgrade-unanswered"])
        // Once refused, the client's stream is not held any more: more bytes add nothing.
        #expect(decoder.receive([UInt8](repeating: 0x41, count: 100_000), from: .client).isEmpty)
    }

    @Test("a client frame sent before the 101 within the bound is decoded once the server answers")
    func earlyFrameWithinBound() {
        let outputs = decode([
            (.client, FrameBytes.request + FrameBytes.clientText("early")),
            (.server, FrameBytes.response),
        ])
        #expect(frames(outputs).map(\.0.payload) == [Array("early".utf8)])
    }
}
