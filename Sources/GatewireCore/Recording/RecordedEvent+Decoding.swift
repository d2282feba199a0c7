public import Foundation

extension RecordedEvent {
    /// Reads an event from one line's JSON object.
    ///
    /// Fields this version does not know are ignored, so that a newer writer may add optional fields without a
    /// version change.
    ///
    /// - Parameter object: the line, without its newline.
    /// - Throws: `RecordingError` with code `.invalidLine` naming the field at fault, or `.unknownEventType`
    ///   when the `type` is not one this version knows (readers skip those lines).
    public init(decoding object: Data) throws {
        self = try Self.decode(object).event
    }

    /// Reads an event and the `size` the line claims, which the reader checks against the payload.
    static func decode(_ object: Data) throws -> (event: RecordedEvent, recordedSize: Double?) {
        let fields: LineFields
        do {
            fields = try JSONDecoder().decode(LineFields.self, from: object)
        } catch let error as DecodingError {
            // An event type from a newer writer may use a known field name with another type; that line is
            // skipped as unknown rather than failed as invalid.
            if let type = (try? JSONDecoder().decode(TypeProbe.self, from: object))?.type,
                !Self.knownTypes.contains(type)
            {
                throw RecordingError.unknownEventType(type)
            }
            throw RecordingError.invalidLine(error.recordingProblem(in: object))
        }
        return (RecordedEvent(try fields.event()), fields.size)
    }
}

extension RecordedEvent {
    /// The `type` values this version reads.
    static let knownTypes: Set<String> = ["connect", "message", "control", "close", "error"]
}

/// Just the `type` of a line, read when the full decoding failed.
private struct TypeProbe: Decodable {
    var type: String?
}

/// Every top-level field any event type may have, all optional, so that a missing field is reported by name
/// for the type that needs it.
private struct LineFields: Decodable {
    /// `code` is a number in `close` events and a string in `error` events.
    enum Code: Decodable {
        case number(Double)
        case string(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }
    }

    var type: String?
    var time: Timestamp?
    var connection: String?
    var connectionId: ConnectionID?
    var client: String?
    var upstream: String?
    var method: String?
    var path: String?
    var rawQuery: String?
    var query: DecodedQuery?
    var headers: [HTTPHeader]?
    var subprotocol: String?
    var status: Double?
    var findings: [Finding]?
    var from: Direction?
    var opcode: Opcode?
    var size: Double?
    var frames: Double?
    var largestFrameSize: Double?
    var compressed: Bool?
    var text: String?
    var base64: String?
    var resolution: RouteResolution?
    var code: Code?
    var reason: String?
    var initiator: Direction?
    var side: Direction?
    var message: String?
    var closeCode: Double?
    var intervention: Intervention?

    func event() throws -> SessionEvent {
        guard let type else { throw RecordingError.invalidLine("'type' is missing") }
        switch type {
        case "connect":
            return .connect(
                ConnectEvent(
                    time: try required(time, "time"), connection: try required(connection, "connection"),
                    connectionID: connectionId, client: client, upstream: upstream,
                    method: try required(method, "method"), path: try required(path, "path"), rawQuery: rawQuery,
                    query: query, headers: headers ?? [], subprotocol: subprotocol,
                    status: try whole(status, "status", as: Int.self), findings: findings ?? []))
        case "message":
            let opcode = try required(opcode, "opcode")
            guard opcode == .text || opcode == .binary else {
                throw RecordingError.invalidLine("a message's 'opcode' must be text or binary, not \(opcode)")
            }
            return .message(
                MessageEvent(
                    time: try required(time, "time"), connection: try required(connection, "connection"),
                    direction: try required(from, "from"), opcode: opcode, payload: try payload(),
                    frameCount: try required(whole(frames, "frames", as: Int.self), "frames"),
                    largestFrameSize: try whole(largestFrameSize, "largestFrameSize", as: Int.self),
                    compressed: compressed ?? false, resolution: resolution, findings: findings ?? [],
                    intervention: intervention))
        case "control":
            let opcode = try required(opcode, "opcode")
            guard opcode == .ping || opcode == .pong else {
                throw RecordingError.invalidLine("a control event's 'opcode' must be ping or pong, not \(opcode)")
            }
            return .control(
                ControlEvent(
                    time: try required(time, "time"), connection: try required(connection, "connection"),
                    direction: try required(from, "from"), opcode: opcode, payload: try payload()))
        case "close":
            let closeCode: UInt16?
            switch code {
            case .none: closeCode = nil
            case .number(let number): closeCode = try whole(number, "code", as: UInt16.self)
            case .string: throw RecordingError.invalidLine("a close event's 'code' must be a number")
            }
            return .close(
                CloseEvent(
                    time: try required(time, "time"), connection: try required(connection, "connection"),
                    direction: from, info: CloseInfo(code: closeCode, reason: reason ?? "", initiator: initiator),
                    intervention: intervention))
        case "error":
            guard case .string(let errorCode) = try required(code, "code") else {
                throw RecordingError.invalidLine("an error event's 'code' must be a string")
            }
            return .error(
                ErrorEvent(
                    time: try required(time, "time"), connection: connection, side: side, code: errorCode,
                    message: try required(message, "message"),
                    closeCode: try whole(closeCode, "closeCode", as: UInt16.self)))
        default:
            throw RecordingError.unknownEventType(type)
        }
    }

    /// The payload from `text` or `base64`, exactly one of which must be present.
    private func payload() throws -> [UInt8] {
        switch (text, base64) {
        case (let text?, nil):
            return Array(text.utf8)
        case (nil, let base64?):
            guard let data = Data(base64Encoded: base64) else {
                throw RecordingError.invalidLine("'base64' is not valid base64")
            }
            return Array(data)
        case (nil, nil):
            throw RecordingError.invalidLine("the payload is missing: expected 'text' or 'base64'")
        case (.some, .some):
            throw RecordingError.invalidLine("the payload is given twice: expected 'text' or 'base64', not both")
        }
    }
}

private func required<Value>(_ value: Value?, _ key: String) throws -> Value {
    guard let value else { throw RecordingError.invalidLine("'\(key)' is missing") }
    return value
}

/// Converts a JSON number to an integer field, rejecting fractions, negatives and values out of range by name.
private func whole<Integer: FixedWidthInteger>(_ value: Double?, _ key: String, as _: Integer.Type) throws -> Integer? {
    guard let value else { return nil }
    guard let integer = Integer(exactly: value), integer >= 0 else {
        throw RecordingError.invalidLine(
            "'\(key)' must be a whole number from 0 to \(Integer.max), not \(value.jsonText)")
    }
    return integer
}
