import Foundation

extension DecodingError {
    /// A one-line explanation naming the field at fault, for recording errors (the default descriptions are long
    /// and name Swift types rather than JSON fields).
    ///
    /// - Parameter data: the line that failed, used to tell invalid JSON from a number that does not fit.
    func recordingProblem(in data: Data) -> String {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "the line is not a JSON object" }
            return "'\(path(context.codingPath))' has the wrong type (expected \(Self.jsonTypeName(type)))"
        case .valueNotFound(let type, let context):
            return "'\(path(context.codingPath))' is null (expected \(Self.jsonTypeName(type)))"
        case .keyNotFound(let key, let context):
            return "'\(path(context.codingPath, key))' is missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                // Foundation reports a number too large for its field, or a fraction where a whole number belongs,
                // as "not valid JSON" at the root; tell the two apart by parsing the line without types.
                if (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil {
                    return "a number is out of range or not a whole number"
                }
                return "not valid JSON"
            }
            return "'\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "not a valid recording line"
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is UInt16.Type, is Double.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

extension Double {
    /// The number as JSON wrote it, for messages: `70000` rather than `70000.0`.
    var jsonText: String {
        if let integer = Int64(exactly: self) { return String(integer) }
        return "\(self)"
    }
}
