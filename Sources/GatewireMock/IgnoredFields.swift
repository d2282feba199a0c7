import Foundation

/// Members of JSON messages whose values a replay does not compare, because they differ on every run.
///
/// API Gateway writes the connection's id and a fresh request id into its own error replies
/// (`{"message": "Forbidden", "connectionId":"…", "requestId":"…"}`, and the same with `Internal server error`),
/// so a recorded reply can never match a live one byte for byte. By default those two members of those two replies
/// are ignored; `paths` adds any others (`--ignore-field`). An ignored member must still be present in both messages
/// or absent from both: only its value is not compared. With any member ignored, the messages are compared as JSON
/// values, so member order and spacing no longer count either.
public struct IgnoredFields: Sendable, Hashable {
    /// Member paths, each a list of object member names from the top (`requestContext.connectionId` is
    /// `["requestContext", "connectionId"]`).
    public var paths: [[String]]
    /// Whether `connectionId` and `requestId` are ignored in a gateway error reply (a top-level `message` of
    /// `Forbidden` or `Internal server error`). On by default: no live gateway can repeat them.
    public var ignoresGatewayErrorIdentifiers: Bool

    /// The gateway's error replies whose identifiers are ignored by default.
    public static let gatewayErrorMessages: Set<String> = ["Forbidden", "Internal server error"]

    /// Nothing ignored: messages must match byte for byte.
    public static let none = IgnoredFields(paths: [], ignoresGatewayErrorIdentifiers: false)

    /// Creates the set from dotted names (`connectionId`, `requestContext.requestId`; a leading `$.` is allowed).
    public init(paths: [String] = [], ignoresGatewayErrorIdentifiers: Bool = true) {
        self.paths = paths.compactMap(Self.parse)
        self.ignoresGatewayErrorIdentifiers = ignoresGatewayErrorIdentifiers
    }

    /// The components of a dotted name, or `nil` when it names nothing (empty, or an empty component).
    public static func parse(_ name: String) -> [String]? {
        var text = Substring(name)
        if text.hasPrefix("$.") { text = text.dropFirst(2) }
        let components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !components.isEmpty, components.allSatisfy({ !$0.isEmpty }) else { return nil }
        return components
    }

    /// Both payloads as JSON objects with the ignored members removed, or `nil` when nothing applies (no ignored
    /// member present in both, or either is not a JSON object).
    func stripped(_ expected: [UInt8], _ actual: [UInt8]) -> (expected: [String: Any], actual: [String: Any])? {
        guard !paths.isEmpty || ignoresGatewayErrorIdentifiers,
            var left = Self.object(expected), var right = Self.object(actual)
        else { return nil }
        var applicable = paths
        if ignoresGatewayErrorIdentifiers, let message = left["message"] as? String,
            Self.gatewayErrorMessages.contains(message), right["message"] as? String == message
        {
            applicable += [["connectionId"], ["requestId"]]
        }
        var removedAny = false
        for path in applicable where Self.contains(left, path) && Self.contains(right, path) {
            Self.remove(&left, path)
            Self.remove(&right, path)
            removedAny = true
        }
        return removedAny ? (left, right) : nil
    }

    /// Whether the payloads are equal once the ignored members are removed.
    func equalIgnoring(_ expected: [UInt8], _ actual: [UInt8]) -> Bool {
        guard let (left, right) = stripped(expected, actual) else { return false }
        return Self.canonical(left) == Self.canonical(right)
    }

    static func object(_ payload: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
    }

    private static func canonical(_ object: [String: Any]) -> Data? {
        try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    private static func contains(_ object: [String: Any], _ path: [String]) -> Bool {
        guard let first = path.first, let value = object[first] else { return false }
        guard path.count > 1 else { return true }
        guard let nested = value as? [String: Any] else { return false }
        return contains(nested, Array(path.dropFirst()))
    }

    private static func remove(_ object: inout [String: Any], _ path: [String]) {
        guard let first = path.first else { return }
        guard path.count > 1 else {
            object.removeValue(forKey: first)
            return
        }
        guard var nested = object[first] as? [String: Any] else { return }
        remove(&nested, Array(path.dropFirst()))
        object[first] = nested
    }
}
