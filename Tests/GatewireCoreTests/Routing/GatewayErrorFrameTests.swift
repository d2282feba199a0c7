import Foundation
import GatewireCore
import Testing

@Suite struct GatewayErrorFrameTests {
    static let connection = ConnectionID(rawValue: "Qyi07eCbtjMCJKw=")

    @Test("Forbidden keeps the gateway's irregular spacing byte for byte")
    func forbidden() {
        let frame = GatewayErrorFrame.forbidden(connectionID: Self.connection, requestID: "Qyi3UG41tjMFlUg=")
        let captured = #"{"message": "Forbidden", "connectionId":"Qyi07eCbtjMCJKw=", "requestId":"Qyi3UG41tjMFlUg="}"#
        #expect(Array(frame.utf8) == Array(captured.utf8))
    }

    @Test("Internal server error keeps the same shape")
    func internalServerError() {
        let frame = GatewayErrorFrame.internalServerError(connectionID: Self.connection, requestID: "Qyi3UG41tjMFlUg=")
        let captured =
            #"{"message": "Internal server error", "connectionId":"Qyi07eCbtjMCJKw=", "requestId":"Qyi3UG41tjMFlUg="}"#
        #expect(Array(frame.utf8) == Array(captured.utf8))
    }

    @Test("unknown ids become placeholders and odd ids stay valid JSON")
    func placeholdersAndEscaping() throws {
        #expect(
            GatewayErrorFrame.forbidden(connectionID: nil, requestID: nil)
                == #"{"message": "Forbidden", "connectionId":"{connectionId}", "requestId":"{requestId}"}"#
        )
        let odd = GatewayErrorFrame.forbidden(connectionID: ConnectionID(rawValue: "a\"b"), requestID: "c\\d\n")
        #expect(odd == #"{"message": "Forbidden", "connectionId":"a\"b", "requestId":"c\\d\n"}"#)
        let decoded = try JSONSerialization.jsonObject(with: Data(odd.utf8)) as? [String: String]
        #expect(decoded == ["message": "Forbidden", "connectionId": "a\"b", "requestId": "c\\d\n"])
    }
}
