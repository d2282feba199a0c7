import Foundation
import GatewireCore
import Testing

@testable import GatewireMock

@Suite("Replies compared with members ignored")
struct IgnoredFieldsTests {
    private func diff(_ expected: String, _ actual: String, _ ignored: IgnoredFields) -> MessageDiff? {
        MessageDiff.compare(
            expected: (.text, Array(expected.utf8)), actual: (.text, Array(actual.utf8)), ignoring: ignored)
    }

    @Test(
        "by default the gateway's Forbidden and Internal server error replies match whatever their ids",
        arguments: ["Forbidden", "Internal server error"])
    func gatewayErrorIdentifiers(_ message: String) {
        let recorded = #"{"message": "\#(message)", "connectionId":"R1kmxc2VNjMCFIA=", "requestId":"XDmGEE2RoE0FRdQ="}"#
        let live = #"{"message": "\#(message)", "connectionId":"Abcdefghijklmno=", "requestId":"Zyxwvutsrqponml="}"#
        #expect(diff(recorded, live, IgnoredFields()) == nil)
        #expect(diff(recorded, live, .none) != nil)
    }

    @Test("the default ignores ids only in the gateway's error replies, and only their values")
    func defaultIsNarrow() {
        let ignored = IgnoredFields()
        // Another message with the same members is compared in full.
        #expect(diff(#"{"message":"hi","connectionId":"a"}"#, #"{"message":"hi","connectionId":"b"}"#, ignored) != nil)
        // A different error message is a difference.
        let forbidden = #"{"message": "Forbidden", "connectionId":"a", "requestId":"b"}"#
        let failed = #"{"message": "Internal server error", "connectionId":"a", "requestId":"b"}"#
        #expect(diff(forbidden, failed, ignored) != nil)
        // A missing id is a difference: only the value is ignored.
        let missing = diff(forbidden, #"{"message": "Forbidden", "connectionId":"c"}"#, ignored)
        #expect(missing?.memberChanges == [#"requestId: "b" → (absent)"#])
    }

    @Test("--ignore-field names members, dotted for nested ones; the account lists only what still differs")
    func namedFields() throws {
        let ignored = IgnoredFields(paths: ["$.sentAt", "meta.traceId"], ignoresGatewayErrorIdentifiers: false)
        let recorded = #"{"text":"hi","sentAt":1,"meta":{"traceId":"x","room":"a"}}"#
        #expect(diff(recorded, #"{"meta":{"room":"a","traceId":"y"},"sentAt":2,"text":"hi"}"#, ignored) == nil)
        let changed = try #require(
            diff(recorded, #"{"text":"ho","sentAt":2,"meta":{"traceId":"y","room":"a"}}"#, ignored))
        #expect(changed.memberChanges == [#"text: "hi" → "ho""#])
        #expect(IgnoredFields.parse("a..b") == nil)
        #expect(IgnoredFields.parse("") == nil)
        #expect(IgnoredFields.parse("$.a.b") == ["a", "b"])
    }
}
