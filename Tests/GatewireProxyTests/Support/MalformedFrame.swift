import Testing

/// A frame that breaks RFC 6455, for the tests that send one from either side of the proxy: the proxy must fail
/// that side's connection with `closeCode` and record an `error` event with `errorCode`.
struct MalformedFrame: Sendable, CustomTestStringConvertible {
    var name: String
    /// The bytes as a client sends them (masked, unless masking is the fault); `nil` for a rule only servers break.
    var fromClient: [UInt8]?
    /// The bytes as a server sends them (unmasked, unless masking is the fault); `nil` for a rule only clients break.
    var fromUpstream: [UInt8]?
    /// The close code the proxy must send the peer that sent the frame.
    var closeCode: Int
    var errorCode: String
    var testDescription: String { name }

    /// A violation either side can commit, from frames given as first byte (FIN, RSV, opcode) and payload.
    static func either(_ name: String, _ frames: [(UInt8, [UInt8])], closeCode: Int, errorCode: String)
        -> MalformedFrame
    {
        MalformedFrame(
            name: name, fromClient: frames.flatMap { RawFrame.bytes(firstByte: $0.0, payload: $0.1) },
            fromUpstream: frames.flatMap { RawFrame.bytes(firstByte: $0.0, payload: $0.1, masked: false) },
            closeCode: closeCode, errorCode: errorCode)
    }

    /// Every violation the tests send, each with the code the proxy, the mock and capture import must report. The
    /// proxy under test has a 1024-byte `maxFrameSize`.
    static let all: [MalformedFrame] = [
        // RFC 6455 §5.2: reserved bits and opcodes.
        .either("reserved bit", [(UInt8(0xC1), Array("hi".utf8))], closeCode: 1002, errorCode: "reserved-bits-set"),
        .either("reserved data opcode", [(UInt8(0x83), [])], closeCode: 1002, errorCode: "reserved-opcode"),
        .either("reserved control opcode", [(UInt8(0x8B), [1])], closeCode: 1002, errorCode: "reserved-opcode"),
        // RFC 6455 §5.5: control frames.
        .either(
            "fragmented control frame", [(UInt8(0x09), [1])], closeCode: 1002, errorCode: "fragmented-control-frame"),
        .either(
            "control frame over 125 bytes", [(UInt8(0x89), [UInt8](repeating: 7, count: 126))], closeCode: 1002,
            errorCode: "control-frame-too-large"),
        // RFC 6455 §5.4: fragmentation.
        .either(
            "continuation without a message", [(UInt8(0x80), [0x61])], closeCode: 1002,
            errorCode: "unexpected-continuation"),
        .either(
            "new message inside a fragmented one", [(UInt8(0x01), [0x61]), (UInt8(0x81), [0x62])], closeCode: 1002,
            errorCode: "expected-continuation"),
        // RFC 6455 §8.1: text is UTF-8, failed at the first fragment that cannot become valid.
        .either("invalid UTF-8", [(UInt8(0x81), [0x68, 0xC0, 0xAF])], closeCode: 1007, errorCode: "invalid-utf8-text"),
        .either(
            "invalid UTF-8 in an unfinished message", [(UInt8(0x01), [0x68, 0xED, 0xA0])], closeCode: 1007,
            errorCode: "invalid-utf8-text"),
        .either(
            "text ending mid-character", [(UInt8(0x81), [0xE2, 0x82])], closeCode: 1007, errorCode: "invalid-utf8-text"),
        // RFC 6455 §5.5.1 and §7.4: close bodies.
        .either(
            "close code 1005 on the wire", [(UInt8(0x88), [0x03, 0xED])], closeCode: 1002,
            errorCode: "invalid-close-code"),
        .either("close code 999", [(UInt8(0x88), [0x03, 0xE7])], closeCode: 1002, errorCode: "invalid-close-code"),
        .either("one-byte close body", [(UInt8(0x88), [0x03])], closeCode: 1002, errorCode: "close-payload-too-short"),
        .either(
            "close reason not UTF-8", [(UInt8(0x88), [0x03, 0xE8, 0xFF])], closeCode: 1007,
            errorCode: "invalid-utf8-close-reason"),
        // RFC 6455 §7.4.1: 1009 for what is too big to process.
        .either(
            "frame above the maximum", [(UInt8(0x82), [UInt8](repeating: 1, count: 2000))], closeCode: 1009,
            errorCode: "frame-too-large"),
        // RFC 6455 §5.2: the most significant bit of a 64-bit length must be 0.
        MalformedFrame(
            name: "64-bit length with the top bit set",
            fromClient: [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x37, 0xFA, 0x21, 0x3D],
            fromUpstream: [0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0], closeCode: 1009, errorCode: "frame-too-large"),
        // RFC 6455 §5.1: clients mask, servers do not.
        MalformedFrame(
            name: "unmasked client frame", fromClient: RawFrame.bytes(firstByte: 0x81, payload: [0x68], masked: false),
            fromUpstream: nil, closeCode: 1002, errorCode: "unmasked-client-frame"),
        MalformedFrame(
            name: "masked server frame", fromClient: nil,
            fromUpstream: RawFrame.bytes(firstByte: 0x81, payload: [0x68], masked: true), closeCode: 1002,
            errorCode: "masked-server-frame"),
    ]

    /// The violations a client can commit.
    static let fromClientSide = all.filter { $0.fromClient != nil }
    /// The violations an upstream can commit.
    static let fromUpstreamSide = all.filter { $0.fromUpstream != nil }
}

/// When a raw upstream sends its frames (`raw_upstream.py --send-on`).
enum UpstreamTiming: String, Sendable, CaseIterable, CustomTestStringConvertible {
    /// In the same send as its 101, so NIO decodes them while the proxy is still setting the relay up.
    case handshake
    /// Half a second after the 101, once the relay runs.
    case pause
    /// After the first frame the client sent through the proxy.
    case firstFrame = "first-frame"

    var testDescription: String { rawValue }
}
