/// The first decoding layer: strips the link-layer header and says which network protocol follows.
public enum LinkLayer {
    /// What the link-layer header says about the rest of the packet.
    public enum Decoded: Hashable, Sendable {
        /// An IPv4 header starts at the offset.
        case ipv4(offset: Int)
        /// An IPv6 header starts at the offset.
        case ipv6(offset: Int)
        /// Another protocol (ARP, for instance), identified by its EtherType or address family.
        case other(protocolNumber: UInt32)
        /// The packet is shorter than its link-layer header.
        case truncated
    }

    // EtherTypes (IEEE 802) and the address families BSD loopback headers carry. AF_INET6 differs by system:
    // 10 on Linux, 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on macOS; Wireshark accepts all of them, and so do we.
    private static let etherTypeIPv4: UInt16 = 0x0800
    private static let etherTypeIPv6: UInt16 = 0x86DD
    private static let etherTypeVLANs: Set<UInt16> = [0x8100, 0x88A8, 0x9100]
    private static let familyIPv4: UInt32 = 2
    private static let familiesIPv6: Set<UInt32> = [10, 24, 28, 30]

    /// Decodes the link-layer header of one captured packet.
    ///
    /// - Parameters:
    ///   - bytes: the captured packet, starting at the link-layer header.
    ///   - linkType: the capture's link type.
    /// - Returns: where the network-layer header starts and which protocol it is.
    public static func decode(_ bytes: UnsafeRawBufferPointer, linkType: LinkType) -> Decoded {
        switch linkType {
        case .ethernet:
            var offset = 12
            guard var etherType = bytes.uint16(at: offset) else { return .truncated }
            // 802.1Q / 802.1ad tags sit between the MAC addresses and the EtherType, 4 bytes each.
            while etherTypeVLANs.contains(etherType) {
                offset += 4
                guard let inner = bytes.uint16(at: offset) else { return .truncated }
                etherType = inner
            }
            return network(etherType: etherType, offset: offset + 2)
        case .linuxSLL:
            // packet type, ARPHRD type, address length, 8 address bytes, then the protocol (an EtherType).
            guard let etherType = bytes.uint16(at: 14) else { return .truncated }
            return network(etherType: etherType, offset: 16)
        case .linuxSLL2:
            // The protocol comes first, then reserved, interface index, ARPHRD type, packet type and address.
            guard let etherType = bytes.uint16(at: 0), bytes.count >= 20 else { return .truncated }
            return network(etherType: etherType, offset: 20)
        case .null:
            guard let bigEndian = bytes.uint32(at: 0) else { return .truncated }
            // The family is in the capturing host's byte order; values are small, so whichever order gives a
            // small number is the right one.
            let family = bigEndian > 0xFFFF ? bigEndian.byteSwapped : bigEndian
            return network(family: family, offset: 4)
        case .loop:
            guard let family = bytes.uint32(at: 0) else { return .truncated }
            return network(family: family, offset: 4)
        case .raw, .rawOpenBSD, .rawBSDOS:
            guard let first = bytes.uint8(at: 0) else { return .truncated }
            switch first >> 4 {
            case 4: return .ipv4(offset: 0)
            case 6: return .ipv6(offset: 0)
            default: return .other(protocolNumber: UInt32(first >> 4))
            }
        default:
            return .other(protocolNumber: UInt32(bitPattern: linkType.rawValue))
        }
    }

    private static func network(etherType: UInt16, offset: Int) -> Decoded {
        switch etherType {
        case etherTypeIPv4: .ipv4(offset: offset)
        case etherTypeIPv6: .ipv6(offset: offset)
        default: .other(protocolNumber: UInt32(etherType))
        }
    }

    private static func network(family: UInt32, offset: Int) -> Decoded {
        if family == familyIPv4 { return .ipv4(offset: offset) }
        if familiesIPv6.contains(family) { return .ipv6(offset: offset) }
        return .other(protocolNumber: family)
    }
}
