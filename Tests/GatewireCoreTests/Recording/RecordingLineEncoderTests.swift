import Foundation
import Testing

@testable import GatewireCore

@Suite struct RecordingLineEncoderTests {
    /// What JSONEncoder (with the recording's settings) writes for a string.
    private func reference(_ string: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(string))
    }

    private func fast(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        RecordingLineEncoder.appendString(string, to: &bytes)
        return bytes
    }

    @Test("every ASCII character is escaped exactly as JSONEncoder escapes it")
    func ascii() throws {
        for scalar in 0..<0x80 {
            let string = "a" + String(UnicodeScalar(UInt8(scalar))) + "b"
            #expect(fast(string) == (try reference(string)), "U+\(String(scalar, radix: 16))")
        }
    }

    @Test(
        "non-ASCII text, slashes and mixed escapes match JSONEncoder",
        arguments: [
            "", "é ✓ 😀", "line\u{2028}separator", "a/b/c", #"{"action":"sendmessage","data":"x\"y"}"#,
            "tab\tnew\nline\r\u{0}\u{1F}", String(repeating: "x", count: 70_000),
        ])
    func mixed(string: String) throws {
        #expect(fast(string) == (try reference(string)))
    }

    @Test("scalar fields written directly match JSONEncoder's bytes")
    func scalars() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line(_ value: some Encodable) throws -> (fast: [UInt8], reference: [UInt8]) {
            let fast = try RecordingLineEncoder().object { try $0.add("k", value) }
            let reference = Data("{\"k\":".utf8) + (try encoder.encode(value)) + Data("}".utf8)
            return ([UInt8](fast), [UInt8](reference))
        }
        for pair in [
            try line(Timestamp(microsecondsSinceEpoch: 1_722_541_075_612_063)), try line(Direction.server),
            try line(Opcode.continuation), try line(-42), try line(Int.max), try line(true), try line(false),
        ] {
            #expect(pair.fast == pair.reference)
        }
    }

    /// Route resolutions and findings, with every optional field both present and absent, hints and escapes.
    private static let resolutions: [RouteResolution] = [
        RouteResolution(
            outcome: .evaluated, reason: .notJSON, expression: "$request.body.action", expressionAssumed: true,
            value: nil, routeKey: nil, explanation: "the message is not JSON"),
        RouteResolution(
            outcome: .rejected, reason: .noSuchKey, expression: "${request.body.action}", value: "SendMessage",
            routeKey: nil, explanation: "no route \"SendMessage\"\n",
            hints: [
                NearMissHint(kind: .caseOnly, routeKey: "sendMessage", message: "differs only in case"),
                NearMissHint(kind: .whitespace, routeKey: "send/message", message: "é ✓"),
            ], reply: #"{"message": "Forbidden"}"#, closeCode: 1008),
        RouteResolution(
            outcome: .matched, reason: .matched, expression: "$request.body.action", value: "subscribe",
            routeKey: "subscribe", explanation: "matched"),
    ]

    private static let findingLists: [[Finding]] = [
        [Finding(code: "frame-too-large", severity: .error, message: "a frame of 40000 bytes")],
        [
            Finding(
                code: "raw-plus", severity: .warning, message: "\"+\" decodes to a space", parameter: "cacheKey",
                raw: "2024-08-01T19:37:55+00:00", decoded: "2024-08-01T19:37:55 00:00", fix: "send %2B",
                connections: ["c1", "c2"]),
            Finding(code: "info", severity: .info, message: "tab\there", connections: []),
        ],
    ]

    @Test("route resolutions and findings written directly match JSONEncoder's bytes")
    func analysis() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for resolution in Self.resolutions {
            let fast = try RecordingLineEncoder().object { $0.addResolution("r", resolution) }
            let reference = Data("{\"r\":".utf8) + (try encoder.encode(resolution)) + Data("}".utf8)
            #expect([UInt8](fast) == [UInt8](reference), "\(String(decoding: reference, as: UTF8.self))")
        }
        for findings in Self.findingLists {
            let fast = try RecordingLineEncoder().object { $0.addFindings("f", findings) }
            let reference = Data("{\"f\":".utf8) + (try encoder.encode(findings)) + Data("}".utf8)
            #expect([UInt8](fast) == [UInt8](reference), "\(String(decoding: reference, as: UTF8.self))")
        }
    }

    @Test(
        "payload text is validated and escaped as it goes, and refused exactly when String refuses it",
        arguments: [
            [], Array("plain ascii longer than eight bytes".utf8), Array("é ✓ 😀 \"q\" \u{1}".utf8),
            [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
            Array("12345678".utf8) + [0xFF] + Array("abcdefgh".utf8), Array("ok".utf8) + [0xF0, 0x9F, 0x98, 0x80],
            // A sequence cut short by a byte that ends a plain run, or split by one.
            [0xC3, 0x22], [0xE2, 0x82, 0x5C, 0xAC], [0xF0, 0x9F, 0x0A, 0x98, 0x80], [0x22, 0xC3, 0xA9, 0x22],
        ] as [[UInt8]])
    func payloadText(payload: [UInt8]) throws {
        let fast = try RecordingLineEncoder().object { fields in
            #expect(fields.addUTF8Text("text", payload) == (String(validating: payload, as: UTF8.self) != nil))
        }
        let reference = try String(validating: payload, as: UTF8.self).map { text in
            try RecordingLineEncoder().object { try $0.add("text", text) }
        }
        #expect(fast == (reference ?? Data("{}".utf8)))
        #expect(UTF8Validation.isValid(payload) == (String(validating: payload, as: UTF8.self) != nil))
    }

    @Test("every two-byte and three-byte sequence is judged as String judges it")
    func utf8Table() {
        for first in UInt8(0x80)...0xFF {
            for second in UInt8(0x00)...0xFF {
                let pair = [first, second]
                let triple = [first, second, 0x80]
                #expect(UTF8Validation.isValid(pair) == (String(validating: pair, as: UTF8.self) != nil))
                #expect(UTF8Validation.isValid(triple) == (String(validating: triple, as: UTF8.self) != nil))
            }
        }
    }

    @Test("base64 matches Foundation's for every length up to 64 and for random bytes", arguments: 0..<65)
    func base64(length: Int) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var encoded: [UInt8] = []
        Base64.append(bytes, to: &encoded)
        #expect(String(decoding: encoded, as: UTF8.self) == Data(bytes).base64EncodedString())
    }

    @Test(
        "timestamps written digit by digit match the RFC 3339 text",
        arguments: [0, 1, -1, 999_999, 1_722_541_075_612_063, 253_402_300_799_999_999] as [Int64])
    func timestamps(micros: Int64) throws {
        let time = Timestamp(microsecondsSinceEpoch: micros)
        var bytes: [UInt8] = []
        time.appendRFC3339(to: &bytes)
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let expected =
            formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
            + String(format: ".%06lldZ", fraction)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
}
