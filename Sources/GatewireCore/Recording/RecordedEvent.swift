public import Foundation

/// One session event as a recording line: the mapping between `SessionEvent` and its JSON object.
///
/// The field names are part of the recording format and never change meaning within a version; they are listed,
/// with an example of every event type, in `docs/recording-format.md`. Top-level keys are written in a fixed
/// order, `type` first; nested objects have sorted keys. Optional fields that are `nil` are left out, and so is
/// an empty `findings` list; payloads are `text` when they are valid UTF-8 text and `base64` otherwise.
public struct RecordedEvent: Hashable, Sendable {
    /// The event a line holds.
    public var event: SessionEvent

    /// Wraps an event.
    public init(_ event: SessionEvent) {
        self.event = event
    }

    /// The value of the `type` field for this event.
    public var type: String { Self.typeName(of: event) }

    private static func typeName(of event: SessionEvent) -> String {
        switch event {
        case .connect: "connect"
        case .message: "message"
        case .control: "control"
        case .close: "close"
        case .error: "error"
        }
    }

    /// The event's JSON object, on one line and without the trailing newline.
    ///
    /// - Throws: only if Foundation fails to encode a string or number, which does not happen in practice.
    public func encoded() throws -> Data {
        try encoded(using: RecordingLineEncoder())
    }

    /// Appends the event's JSON object, without the trailing newline, to `bytes`: for printers that collect many
    /// lines in one buffer.
    ///
    /// - Throws: as `encoded()`.
    public func encode(appendingTo bytes: inout [UInt8]) throws {
        try RecordingLineEncoder().object(appendingTo: &bytes) { try Self.addFields(of: event, to: &$0) }
    }

    /// Appends an event's JSON object as `encode(appendingTo:)` does, copying its route resolution's bytes from
    /// `resolutions` when the line before had the same one: for a writer of many lines, which passes each event
    /// where it lies (wrapping it would copy every field of it).
    static func encode(
        _ event: SessionEvent, appendingTo bytes: inout [UInt8], reusing resolutions: inout EncodedResolutionCache
    ) throws {
        try RecordingLineEncoder().object(appendingTo: &bytes) {
            try addFields(of: event, to: &$0) { $0.addResolution("resolution", $1, reusing: &resolutions) }
        }
    }

    func encoded(using encoder: RecordingLineEncoder) throws -> Data {
        try encoder.object { try Self.addFields(of: event, to: &$0) }
    }

    /// Adds the event's fields; `addResolution` writes a message's route resolution (encoded on the spot unless a
    /// writer reuses the bytes of the line before's, see `EncodedResolutionCache`).
    private static func addFields(
        of event: SessionEvent, to fields: inout RecordingLineEncoder.Fields,
        addResolution: (inout RecordingLineEncoder.Fields, RouteResolution) -> Void = {
            $0.addResolution("resolution", $1)
        }
    ) throws {
        try fields.add("type", typeName(of: event))
        switch event {
        case .connect(let connect):
            try fields.add("time", connect.time)
            try fields.add("connection", connect.connection)
            try fields.addIfPresent("connectionId", connect.connectionID)
            try fields.addIfPresent("client", connect.client)
            try fields.addIfPresent("upstream", connect.upstream)
            try fields.add("method", connect.method)
            try fields.add("path", connect.path)
            try fields.addIfPresent("rawQuery", connect.rawQuery)
            try fields.addIfPresent("query", connect.query)
            try fields.add("headers", connect.headers)
            try fields.addIfPresent("subprotocol", connect.subprotocol)
            try fields.addIfPresent("status", connect.status)
            if !connect.findings.isEmpty { fields.addFindings("findings", connect.findings) }
        case .message(let message):
            try fields.add("time", message.time)
            try fields.add("connection", message.connection)
            try fields.add("from", message.direction)
            try fields.add("opcode", message.opcode)
            try fields.add("size", message.payload.count)
            try fields.add("frames", message.frameCount)
            try fields.addIfPresent("largestFrameSize", message.largestFrameSize)
            try fields.add("compressed", message.compressed)
            try Self.addPayload(message.payload, asText: message.opcode == .text, to: &fields)
            if let resolution = message.resolution { addResolution(&fields, resolution) }
            if !message.findings.isEmpty { fields.addFindings("findings", message.findings) }
            try fields.addIfPresent("intervention", message.intervention)
        case .control(let control):
            try fields.add("time", control.time)
            try fields.add("connection", control.connection)
            try fields.add("from", control.direction)
            try fields.add("opcode", control.opcode)
            try fields.add("size", control.payload.count)
            // Ping and pong payloads have no declared type; most are short ASCII, so text is tried first.
            try Self.addPayload(control.payload, asText: true, to: &fields)
        case .close(let close):
            try fields.add("time", close.time)
            try fields.add("connection", close.connection)
            try fields.addIfPresent("from", close.direction)
            try fields.addIfPresent("code", close.info.code)
            try fields.add("reason", close.info.reason)
            try fields.addIfPresent("initiator", close.info.initiator)
            try fields.addIfPresent("intervention", close.intervention)
        case .error(let error):
            try fields.add("time", error.time)
            try fields.addIfPresent("connection", error.connection)
            try fields.addIfPresent("side", error.side)
            try fields.add("code", error.code)
            try fields.add("message", error.message)
            try fields.addIfPresent("closeCode", error.closeCode)
        }
    }

    /// Writes a payload as `text` when it may be and is valid UTF-8, else as `base64` (RFC 4648 §4, padded).
    ///
    /// Invalid UTF-8 in a text message is a protocol violation (RFC 6455 §8.1) that a recording must keep byte
    /// for byte, which a JSON string cannot: JSON text is Unicode, so those bytes would be replaced.
    private static func addPayload(
        _ payload: [UInt8], asText: Bool, to fields: inout RecordingLineEncoder.Fields
    ) throws {
        if asText, fields.addUTF8Text("text", payload) { return }
        fields.addBase64("base64", payload)
    }
}
