import GatewireCore
import Testing

/// A stand-in for deflate: a compressed message is `Z` followed by the payload reversed. It is enough to show
/// that the assembler hands over the whole message at once (the reversal only works on the concatenation) and
/// acts on the inflater's output, its failures and its size.
struct ReversingInflater: MessageInflater {
    struct NotCompressed: Error, CustomStringConvertible {
        var description: String { "missing Z marker" }
    }

    /// How many messages were inflated per direction, to show the inflater keeps state between calls.
    private(set) var calls: [Direction: Int] = [:]

    mutating func inflate(_ compressed: [UInt8], direction: Direction, limit: Int) throws -> [UInt8] {
        calls[direction, default: 0] += 1
        guard compressed.first == UInt8(ascii: "Z") else { throw NotCompressed() }
        return Array(compressed.dropFirst().reversed().prefix(limit + 1))
    }
}

@Suite struct MessageAssemblerCompressionTests {
    private let deflateBothWays = MessageAssemblerConfiguration(
        maxMessageSize: 10, permessageDeflate: [.client, .server])

    @Test("a compressed fragmented message is inflated as a whole and marked compressed")
    func inflatesWholeMessage() throws {
        try expectTranscript(
            """
            > client text fin=0 rsv1 "Zol"
            > client continuation "leh"
            < message client text "hello" frames=2 largest=3 compressed
            > server binary rsv1 "Z\\x02\\x01"
            < message server binary "\\x01\\x02" frames=1 largest=3 compressed
            > server text "plain"
            < message server text "plain" frames=1 largest=5
            """,
            configuration: deflateBothWays, inflater: ReversingInflater())
    }

    @Test("data the inflater rejects is reported with 1007 and not delivered")
    func invalidCompressedData() throws {
        try expectTranscript(
            """
            > client text rsv1 "oops"
            < error client invalid-compressed-data 1007
            """,
            configuration: deflateBothWays, inflater: ReversingInflater())
    }

    @Test("a message that inflates past the cap is reported with 1009")
    func inflatedTooLarge() throws {
        try expectTranscript(
            """
            > client text rsv1 "Z0123456789"
            < message client text "9876543210" frames=1 largest=11 compressed
            > client text rsv1 "Zx0123456789"
            < error client message-too-large 1009
            """,
            configuration: MessageAssemblerConfiguration(maxMessageSize: 11, permessageDeflate: [.client]),
            inflater: ReversingInflater())
    }

    @Test("inflated text must be valid UTF-8")
    func inflatedTextUTF8() throws {
        try expectTranscript(
            """
            > server text rsv1 "Z\\xC3"
            < message server text "\\xC3" frames=1 largest=2 compressed
            < error server invalid-utf8-text 1007
            """,
            configuration: deflateBothWays, inflater: ReversingInflater())
    }

    @Test("without an inflater a compressed message is reported, not delivered as garbage")
    func noInflater() throws {
        try expectTranscript(
            """
            > client text rsv1 "Zab"
            < error client inflater-unavailable
            """,
            configuration: deflateBothWays)
    }

    @Test("deflate negotiated for one direction only leaves RSV1 a protocol error in the other")
    func oneDirection() throws {
        try expectTranscript(
            """
            > client text rsv1 "Zab"
            < message client text "ba" frames=1 largest=3 compressed
            > server text rsv1 "Zab"
            < message server text "Zab" frames=1 largest=3
            < error server reserved-bits-set 1002
            """,
            configuration: MessageAssemblerConfiguration(permessageDeflate: [.client]), inflater: ReversingInflater())
    }
}
