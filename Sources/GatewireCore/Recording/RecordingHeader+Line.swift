public import Foundation

extension RecordingHeader {
    /// The header's JSON object, on one line and without the trailing newline: `format`, `version`, `creator`,
    /// `startedAt`, `source`, then `api` when known.
    ///
    /// - Throws: only if Foundation fails to encode a string or number, which does not happen in practice.
    public func encoded() throws -> Data {
        try encoded(using: RecordingLineEncoder())
    }

    func encoded(using encoder: RecordingLineEncoder) throws -> Data {
        try encoder.object { fields in
            try fields.add("format", RecordingFormat.name)
            try fields.add("version", RecordingFormat.version)
            try fields.add("creator", creator)
            try fields.add("startedAt", startedAt)
            try fields.add("source", source)
            try fields.addIfPresent("api", api)
        }
    }

    /// Reads a current-version header from its JSON object; `format` and `version` were checked by the caller.
    ///
    /// - Throws: `RecordingError` with code `.invalidHeader` naming the field at fault.
    init(decoding object: Data) throws {
        let fields: HeaderFields
        do {
            fields = try JSONDecoder().decode(HeaderFields.self, from: object)
        } catch let error as DecodingError {
            throw RecordingError.invalidHeader(error.recordingProblem(in: object))
        }
        func required<Value>(_ value: Value?, _ key: String) throws -> Value {
            guard let value else { throw RecordingError.invalidHeader("'\(key)' is missing") }
            return value
        }
        self.init(
            creator: try required(fields.creator, "creator"), startedAt: try required(fields.startedAt, "startedAt"),
            source: try required(fields.source, "source"), api: fields.api)
    }
}

/// The header fields that identify a recording, read before anything else so that a file from another program
/// or a newer version gets a precise error rather than a complaint about some other field.
struct HeaderIdentity: Decodable {
    var format: String?
    var version: Double?
    var type: String?
}

private struct HeaderFields: Decodable {
    var creator: RecordingHeader.Creator?
    var startedAt: Timestamp?
    var source: RecordingSource?
    var api: RecordingHeader.API?
}
