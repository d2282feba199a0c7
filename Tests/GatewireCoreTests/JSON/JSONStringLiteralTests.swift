import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

@Suite struct JSONStringLiteralTests {
    @Test("escapes quotes, backslashes and control characters and reads back as the same text")
    func roundTrip() throws {
        #expect(JSONStringLiteral.quote("a\"b\\c\nd\u{01}é") == #""a\"b\\c\nd\u0001é""#)
        var generator = SeededGenerator(seed: 11)
        let alphabet: [Character] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}",
            "\u{00}", "\u{1F}", "\u{7F}", "é", "€", "😀", "\u{2028}",
        ]
        for _ in 0..<500 {
            let text = String(
                (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                })
            let quoted = JSONStringLiteral.quote(text)
            let decoded = try JSONDecoder().decode(String.self, from: Data(quoted.utf8))
            #expect(decoded == text, "\(quoted)")
            var bytes: [UInt8] = [UInt8(ascii: "x")]
            JSONStringLiteral.append(text, to: &bytes)
            #expect(bytes == [UInt8(ascii: "x")] + Array(quoted.utf8))
        }
    }
}
