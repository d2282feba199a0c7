import GatewireCapture
import Testing

@Suite struct LinkLayerTests {
    private static let ipv4Packet = PacketBuilder.ipv4(PacketBuilder.tcp())

    @Test("Ethernet II locates IPv4 after 14 bytes and IPv6 by its EtherType")
    func ethernet() {
        let v4 = PacketBuilder.ethernet(Self.ipv4Packet)
        #expect(v4.withPacket { LinkLayer.decode($0, linkType: .ethernet) } == .ipv4(offset: 14))
        let v6 = PacketBuilder.ethernet(etherType: 0x86DD, PacketBuilder.ipv6(PacketBuilder.tcp()))
        #expect(v6.withPacket { LinkLayer.decode($0, linkType: .ethernet) } == .ipv6(offset: 14))
    }

    @Test("802.1Q and QinQ tags are skipped")
    func vlanTags() {
        let tagged =
            Array(repeating: 0, count: 12) + [0x88, 0xA8, 0, 1, 0x81, 0x00, 0, 2, 0x08, 0x00] + Self.ipv4Packet
        #expect(tagged.withPacket { LinkLayer.decode($0, linkType: .ethernet) } == .ipv4(offset: 22))
    }

    @Test("ARP and other EtherTypes are reported as other protocols")
    func otherEtherType() {
        let arp = PacketBuilder.ethernet(etherType: 0x0806, Array(repeating: 0, count: 28))
        #expect(arp.withPacket { LinkLayer.decode($0, linkType: .ethernet) } == .other(protocolNumber: 0x0806))
    }

    @Test("Linux cooked v1 (tcpdump -i any, libpcap < 1.10) puts the protocol at byte 14")
    func linuxSLL() {
        let header: [UInt8] = [0, 0, 0, 1, 0, 6] + Array(repeating: 0, count: 8) + [0x08, 0x00]
        #expect(
            (header + Self.ipv4Packet).withPacket { LinkLayer.decode($0, linkType: .linuxSLL) } == .ipv4(offset: 16))
    }

    @Test("Linux cooked v2 (tcpdump -i any) puts the protocol first and the IP header at byte 20")
    func linuxSLL2() {
        let header: [UInt8] = [0x86, 0xDD, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6] + Array(repeating: 0, count: 8)
        let packet = header + PacketBuilder.ipv6(PacketBuilder.tcp())
        #expect(packet.withPacket { LinkLayer.decode($0, linkType: .linuxSLL2) } == .ipv6(offset: 20))
    }

    @Test(
        "BSD loopback reads the address family in either byte order",
        arguments: [
            ([2, 0, 0, 0] as [UInt8], true), ([0, 0, 0, 2], true), ([30, 0, 0, 0], false), ([0, 0, 0, 10], false),
            ([24, 0, 0, 0], false), ([28, 0, 0, 0], false),
        ])
    func null(header: [UInt8], isIPv4: Bool) {
        let decoded = (header + Self.ipv4Packet).withPacket { LinkLayer.decode($0, linkType: .null) }
        #expect(decoded == (isIPv4 ? .ipv4(offset: 4) : .ipv6(offset: 4)))
    }

    @Test("OpenBSD loopback has the family in network byte order")
    func loop() {
        #expect(
            ([0, 0, 0, 2] + Self.ipv4Packet).withPacket { LinkLayer.decode($0, linkType: .loop) } == .ipv4(offset: 4))
    }

    @Test("raw IP decides by the version nibble, under all three link type numbers", arguments: [101, 12, 14])
    func raw(linkType: Int32) {
        let type = LinkType(rawValue: linkType)
        #expect(Self.ipv4Packet.withPacket { LinkLayer.decode($0, linkType: type) } == .ipv4(offset: 0))
        let v6 = PacketBuilder.ipv6(PacketBuilder.tcp())
        #expect(v6.withPacket { LinkLayer.decode($0, linkType: type) } == .ipv6(offset: 0))
    }

    @Test("packets shorter than their link header are truncated, not a crash")
    func truncated() {
        for linkType in [LinkType.ethernet, .linuxSLL, .linuxSLL2, .null, .loop, .raw] {
            for length in 0..<4 {
                let bytes = Array(repeating: UInt8(0x81), count: length)
                let decoded = bytes.withPacket { LinkLayer.decode($0, linkType: linkType) }
                #expect(decoded == .truncated || linkType == .raw && length > 0)
            }
        }
    }
}
