/// A libpcap link-layer header type (the `LINKTYPE_` values of tcpdump.org's registry).
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32

    /// Creates a link type from its number.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// BSD loopback: a 4-byte address family in the capturing host's byte order.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II, what `tcpdump -i lo` writes on Linux (with zeroed MAC addresses).
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IP under the number some systems used before 101 was assigned.
    public static let rawOpenBSD = LinkType(rawValue: 12)
    /// Raw IP under another historical number.
    public static let rawBSDOS = LinkType(rawValue: 14)
    /// Raw IP: the packet starts at the IPv4 or IPv6 header.
    public static let raw = LinkType(rawValue: 101)
    /// OpenBSD loopback: like `null` but with the family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1, what `tcpdump -i any` wrote before libpcap 1.10.
    public static let linuxSLL = LinkType(rawValue: 113)
    /// Linux cooked capture v2, what `tcpdump -i any` writes since libpcap 1.10.
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// Whether Gatewire can decode packets of this type.
    public var isSupported: Bool {
        [.null, .ethernet, .rawOpenBSD, .rawBSDOS, .raw, .loop, .linuxSLL, .linuxSLL2].contains(self)
    }

    public var description: String {
        switch self {
        case .null: "NULL"
        case .ethernet: "EN10MB"
        case .rawOpenBSD, .rawBSDOS, .raw: "RAW"
        case .loop: "LOOP"
        case .linuxSLL: "LINUX_SLL"
        case .linuxSLL2: "LINUX_SLL2"
        default: "link type \(rawValue)"
        }
    }
}
