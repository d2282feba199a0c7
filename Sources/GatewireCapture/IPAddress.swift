/// An IPv4 or IPv6 address as found in a packet header.
public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt64, UInt64)

    /// The conventional text: dotted quad for IPv4, RFC 5952 form for IPv6 (longest zero run as `::`).
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        case .v6(let high, let low):
            let groups = (0..<8).map { index -> UInt16 in
                let word = index < 4 ? high : low
                return UInt16(truncatingIfNeeded: word >> (48 - 16 * UInt64(index % 4)))
            }
            var bestStart = -1
            var bestLength = 0
            var index = 0
            while index < 8 {
                guard groups[index] == 0 else {
                    index += 1
                    continue
                }
                let start = index
                while index < 8, groups[index] == 0 { index += 1 }
                if index - start > bestLength, index - start > 1 {
                    bestStart = start
                    bestLength = index - start
                }
            }
            let hex = groups.map { String($0, radix: 16) }
            guard bestStart >= 0 else { return hex.joined(separator: ":") }
            let head = hex[..<bestStart].joined(separator: ":")
            let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
            return head + "::" + tail
        }
    }

    /// The address and port as `host:port`, with IPv6 in brackets (RFC 3986 §3.2.2).
    public func withPort(_ port: UInt16) -> String {
        switch self {
        case .v4: "\(self):\(port)"
        case .v6: "[\(self)]:\(port)"
        }
    }
}
