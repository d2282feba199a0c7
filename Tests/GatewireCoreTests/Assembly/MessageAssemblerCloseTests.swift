import GatewireCore
import Testing

@Suite struct MessageAssemblerCloseTests {
    @Test("close bodies: empty means no code, one byte is a protocol error, otherwise code and reason")
    func bodies() throws {
        try expectTranscript(
            """
            > client close ""
            < close client "" initiator=client
            > server close "\\x03"
            < close server "" initiator=client
            < error server close-payload-too-short 1002
            """)
        try expectTranscript(
            """
            > server close code=1001 "going away ✈"
            < close server code=1001 "going away ✈" initiator=server
            """)
    }

    @Test(
        "close codes RFC 6455 §7.4 allows on the wire are accepted, the others are reported with 1002",
        arguments: [
            (UInt16(1000), true), (1001, true), (1002, true), (1003, true), (1007, true), (1011, true),
            (1012, true), (1013, true), (1014, true), (3000, true), (4000, true), (4999, true),
            (0, false), (999, false), (1004, false), (1005, false), (1006, false), (1015, false), (1016, false),
            (2999, false), (5000, false), (65535, false),
        ])
    func codes(code: UInt16, valid: Bool) throws {
        let error = valid ? "" : "\n< error client invalid-close-code 1002"
        try expectTranscript(
            """
            > client close code=\(code) "why"
            < close client code=\(code) "why" initiator=client\(error)
            """)
    }

    @Test("a close reason that is not UTF-8 is shown with replacement characters and reported with 1007")
    func invalidReason() throws {
        try expectTranscript(
            """
            > server close code=1000 "bad \\xFF"
            < close server code=1000 "bad \u{FFFD}" initiator=server
            < error server invalid-utf8-close-reason 1007
            """)
    }

    @Test("the first close frame's sender is the initiator of both closes")
    func initiator() throws {
        try expectTranscript(
            """
            > server close code=1001 ""
            < close server code=1001 "" initiator=server
            > client close code=1001 ""
            < close client code=1001 "" initiator=server
            """)
    }

    @Test("a close frame between fragments is allowed and leaves the message open")
    func closeBetweenFragments() throws {
        try expectTranscript(
            """
            > server text fin=0 "half"
            > client close code=1000 ""
            < close client code=1000 "" initiator=client
            > server continuation "done"
            < message server text "halfdone" frames=2 largest=4
            """)
    }
}
