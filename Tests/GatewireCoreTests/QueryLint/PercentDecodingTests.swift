import GatewireCore
import Testing

@Suite struct PercentDecodingTests {
    @Test(
        "decodes each escape once and reports what it did",
        arguments: [
            ("%2B", true, "+", 1, 0),
            ("a+b", true, "a b", 0, 1),
            ("a+b", false, "a+b", 0, 0),
            ("%253A", true, "%3A", 1, 0),
            ("%3a%3A", true, "::", 2, 0),
            ("caf%C3%A9", true, "café", 2, 0),
            ("plain", true, "plain", 0, 0),
            ("", true, "", 0, 0),
        ]
    )
    func decodes(raw: String, plusAsSpace: Bool, text: String, escapes: Int, pluses: Int) {
        let result = PercentDecoding.decode(raw, plusAsSpace: plusAsSpace)
        #expect(result.text == text)
        #expect(result.bytes == Array(text.utf8))
        #expect(result.decodedEscapeCount == escapes)
        #expect(result.plusesDecodedToSpace == pluses)
        #expect(result.invalidEscapes.isEmpty)
        #expect(result.isValidUTF8)
    }

    @Test(
        "invalid escapes are kept literally and reported with their offset",
        arguments: [
            ("%zz", "%zz", [0], ["%zz"]),
            ("ab%2", "ab%2", [2], ["%2"]),
            ("50%", "50%", [2], ["%"]),
            ("%%41", "%A", [0], ["%%4"]),
            ("%g1x%", "%g1x%", [0, 4], ["%g1", "%"]),
        ]
    )
    func invalid(raw: String, text: String, offsets: [Int], texts: [String]) {
        let result = PercentDecoding.decode(raw, plusAsSpace: true)
        #expect(result.text == text)
        #expect(result.invalidEscapes.map(\.offset) == offsets)
        #expect(result.invalidEscapes.map(\.text) == texts)
    }

    @Test(
        "bytes that are not UTF-8 are reported and shown as replacement characters",
        arguments: ["%E9", "%FF%FE", "a%C3"])
    func nonUTF8(raw: String) {
        let result = PercentDecoding.decode(raw, plusAsSpace: true)
        #expect(!result.isValidUTF8)
        #expect(result.text.contains("\u{FFFD}"))
    }
}
