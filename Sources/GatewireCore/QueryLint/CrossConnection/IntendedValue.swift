/// A raw value read two ways, byte by byte: as the sender most likely meant it and as the gateway decodes it.
///
/// "Meant" decodes fully: every escape level (`%253A` → `:`), and a raw `+` as the literal plus a sender who forgot to
/// encode most likely meant (the timestamp `+00:00` case). "Gateway" decodes once under the policy. Each unit is one
/// intended byte together with the raw text it came from and the gateway's bytes for it, so two values can be
/// compared position by position even when they were encoded differently.
public struct IntendedValue: Hashable, Sendable {
    /// One intended byte and how it was sent and decoded.
    public struct Unit: Hashable, Sendable {
        /// The byte the sender meant.
        public var intended: UInt8
        /// The raw text that carried it (`+`, `%2B`, `%252B`, `a`).
        public var raw: String
        /// What the gateway decodes that raw text to.
        public var gateway: [UInt8]
    }

    /// The value as sent.
    public let raw: String
    /// The value unit by unit.
    public let units: [Unit]
    /// Whether the raw value ends inside a percent-escape (`…%3` or `…%`): a sign it was cut off.
    public let endsInsideEscape: Bool

    /// Reads a raw value under a decoding policy.
    public init(raw: String, policy: QueryDecodingPolicy) {
        self.raw = raw
        let bytes = Array(raw.utf8)
        var units: [Unit] = []
        var index = 0
        var cutEscape = false
        while index < bytes.count {
            let byte = bytes[index]
            if var decoded = PercentDecoding.escapedByte(in: bytes, at: index) {
                var gateway = [decoded]
                var end = index + 3
                // `%25` followed by two hex digits is another level of encoding: keep decoding what was meant,
                // while the gateway (one level only) sees the remaining escape text.
                while decoded == UInt8(ascii: "%"), end + 1 < bytes.count,
                    let high = HexDigit.value(of: bytes[end]), let low = HexDigit.value(of: bytes[end + 1])
                {
                    gateway += bytes[end...(end + 1)]
                    decoded = high << 4 | low
                    end += 2
                }
                units.append(Unit(intended: decoded, raw: Self.text(bytes[index..<end]), gateway: gateway))
                index = end
            } else if byte == UInt8(ascii: "+") {
                let gateway = policy.plusAsSpace ? UInt8(ascii: " ") : byte
                units.append(Unit(intended: byte, raw: "+", gateway: [gateway]))
                index += 1
            } else {
                if byte == UInt8(ascii: "%"), bytes.count - index <= 2,
                    bytes[(index + 1)...].allSatisfy({ HexDigit.value(of: $0) != nil })
                {
                    cutEscape = true
                }
                units.append(Unit(intended: byte, raw: Self.text([byte]), gateway: [byte]))
                index += 1
            }
        }
        self.units = units
        self.endsInsideEscape = cutEscape
    }

    /// The bytes the sender meant.
    public var intendedBytes: [UInt8] { units.map(\.intended) }
    /// The text the sender meant.
    public var intendedText: String { String(decoding: intendedBytes, as: UTF8.self) }
    /// The text the backend receives.
    public var gatewayText: String { String(decoding: units.flatMap(\.gateway), as: UTF8.self) }
    /// The units that compare as meant: without a trailing cut-off escape (`%3` at the end carries no byte).
    public var comparableUnits: ArraySlice<Unit> {
        guard endsInsideEscape, let percent = units.lastIndex(where: { $0.raw == "%" }) else { return units[...] }
        return units[..<percent]
    }

    private static func text(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}
