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
        var data = Data()
        RecordingLineEncoder.appendString(string, to: &data)
        return [UInt8](data)
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
}
