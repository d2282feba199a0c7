import Foundation
public import GatewireCore

/// A readable account of how a live message differs from the recorded one.
public struct MessageDiff: Sendable, Hashable, CustomStringConvertible {
    /// The recorded message's text (or hex for binary).
    public var expected: String
    /// The live message's text (or hex for binary).
    public var actual: String
    /// Byte offset of the first difference.
    public var offset: Int
    /// JSON members that differ, as `key: expected → actual` lines, when both are JSON objects.
    public var memberChanges: [String]

    /// Compares two messages; `nil` when they are equal byte for byte (opcode included), or equal as JSON once the
    /// `ignored` members are left out.
    ///
    /// - Parameters:
    ///   - ignored: members whose values do not count (`IgnoredFields`); none by default.
    public static func compare(
        expected: (opcode: Opcode, payload: [UInt8]), actual: (opcode: Opcode, payload: [UInt8]),
        ignoring ignored: IgnoredFields = .none
    ) -> MessageDiff? {
        guard expected.opcode != actual.opcode || expected.payload != actual.payload else { return nil }
        if expected.opcode == actual.opcode, ignored.equalIgnoring(expected.payload, actual.payload) { return nil }
        let offset = zip(expected.payload, actual.payload).prefix { $0 == $1 }.count
        var changes: [String] = []
        if expected.opcode != actual.opcode { changes.append("opcode: \(expected.opcode) → \(actual.opcode)") }
        // Ignored members are left out of the account too: only what counts is listed.
        var objects = ignored.stripped(expected.payload, actual.payload)
        if objects == nil, let left = IgnoredFields.object(expected.payload),
            let right = IgnoredFields.object(actual.payload)
        {
            objects = (left, right)
        }
        if let (left, right) = objects {
            for key in Set(left.keys).union(right.keys).sorted() {
                let before = left[key].map(Self.render)
                let after = right[key].map(Self.render)
                guard before != after else { continue }
                changes.append("\(key): \(before ?? "(absent)") → \(after ?? "(absent)")")
            }
        }
        return MessageDiff(
            expected: Self.show(expected.opcode, expected.payload), actual: Self.show(actual.opcode, actual.payload),
            offset: offset, memberChanges: changes)
    }

    public var description: String {
        var lines = ["  expected: \(expected)", "  received: \(actual)"]
        if expected.count < 200, actual.count < 200 {
            lines.append("            " + String(repeating: " ", count: min(offset, actual.count)) + "^ byte \(offset)")
        } else {
            lines.append("  first difference at byte \(offset)")
        }
        lines += memberChanges.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }

    private static func show(_ opcode: Opcode, _ payload: [UInt8]) -> String {
        if opcode == .text, let text = String(validating: payload, as: UTF8.self) { return text }
        return "(\(opcode), \(payload.count) bytes) " + payload.prefix(64).map { String(format: "%02x", $0) }.joined()
    }

    private static func render(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
        else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}
