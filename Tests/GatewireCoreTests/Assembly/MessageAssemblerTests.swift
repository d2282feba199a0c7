import GatewireCore
import Testing

@Suite struct MessageAssemblerTests {
    @Test("a single text or binary frame is a whole message")
    func singleFrames() throws {
        try expectTranscript(
            """
            > client text "hello"
            < message client text "hello" frames=1 largest=5
            > server binary "\\x00\\xFF\\x80"
            < message server binary "\\x00\\xFF\\x80" frames=1 largest=3
            > client text ""
            < message client text "" frames=1 largest=0
            """)
    }

    @Test("a fragmented message completes on its final frame, with a ping answered in between")
    func fragmentedWithPing() throws {
        try expectTranscript(
            """
            > client text fin=0 "hel"
            > client ping "are you there"
            < control client ping "are you there"
            > server pong "are you there"
            < control server pong "are you there"
            > client continuation fin=0 "lo, "
            > client continuation "world"
            < message client text "hello, world" frames=3 largest=5
            """)
    }

    @Test("the two directions are assembled independently")
    func directionsIndependent() throws {
        try expectTranscript(
            """
            > client binary fin=0 "ab"
            > server text fin=0 "x"
            > server continuation "y"
            < message server text "xy" frames=2 largest=1
            > client continuation "c"
            < message client binary "abc" frames=2 largest=2
            """)
    }

    @Test("a code point split across fragments is valid once the message is whole")
    func utf8SplitAcrossFragments() throws {
        // "é" is C3 A9 and "👋" is F0 9F 91 8B: neither fragment is valid UTF-8 on its own.
        try expectTranscript(
            """
            > server text fin=0 "caf\\xC3"
            > server continuation fin=0 "\\xA9 \\xF0\\x9F"
            > server continuation "\\x91\\x8B"
            < message server text "café 👋" frames=3 largest=4
            """)
    }

    @Test("a fragment that makes a text message invalid is reported at once, and the message once")
    func invalidUTF8FailsFast() throws {
        // RFC 6455 §8.1: the connection is failed as soon as the text cannot become valid, which a relay can only do
        // if the error comes with the offending fragment rather than with the last one.
        try expectTranscript(
            """
            > server text fin=0 "ok\\xE2\\x82"
            > server continuation fin=0 "\\x41"
            < error server invalid-utf8-text 1007
            > server continuation "end"
            < message server text "ok\\xE2\\x82Aend" frames=3 largest=4
            """)
    }

    @Test("a text message that is not valid UTF-8 as a whole is delivered and reported with 1007")
    func invalidUTF8() throws {
        try expectTranscript(
            """
            > client text fin=0 "caf\\xC3"
            > client continuation "!"
            < message client text "caf\\xC3!" frames=2 largest=4
            < error client invalid-utf8-text 1007
            > client text "\\xED\\xA0\\x80"
            < message client text "\\xED\\xA0\\x80" frames=1 largest=3
            < error client invalid-utf8-text 1007
            > client binary "\\xC3"
            < message client binary "\\xC3" frames=1 largest=1
            """)
    }

    @Test("a message event carries its connection and the time of its last frame")
    func timeAndConnection() {
        var assembler = MessageAssembler(connection: "c7")
        #expect(
            assembler.receive(
                Frame(fin: false, opcode: .text, masked: true, payload: [0x61]), from: .client,
                at: AssemblerTranscript.time(ofFrame: 1)
            ).isEmpty)
        let events = assembler.receive(
            Frame(opcode: .continuation, masked: true, payload: [0x62]), from: .client,
            at: AssemblerTranscript.time(ofFrame: 2))
        #expect(events.map(\.time) == [AssemblerTranscript.time(ofFrame: 2)])
        #expect(events.map(\.connection) == ["c7"])
    }

    @Test("the end of the connection reports an unfinished message, once")
    func connectionEnded() throws {
        try expectTranscript(
            """
            > server text fin=0 "partial"
            > client ping ""
            < control client ping ""
            > end
            < error server incomplete-message
            > end
            """)
    }

    @Test("a large fragmented message is assembled in full")
    func manyFragments() {
        var assembler = MessageAssembler(connection: "c1")
        let fragment = [UInt8](repeating: 0x41, count: 1024)
        for index in 0..<999 {
            let frame = Frame(fin: false, opcode: index == 0 ? .binary : .continuation, masked: true, payload: fragment)
            #expect(assembler.receive(frame, from: .client, at: AssemblerTranscript.time(ofFrame: index)).isEmpty)
        }
        let events = assembler.receive(
            Frame(opcode: .continuation, masked: true, payload: fragment), from: .client,
            at: AssemblerTranscript.time(ofFrame: 1000))
        guard case .message(let message) = events.first, events.count == 1 else {
            Issue.record("expected one message, got \(events)")
            return
        }
        #expect(message.size == 1_024_000)
        #expect(message.frameCount == 1000)
        #expect(message.largestFrameSize == 1024)
    }
}
