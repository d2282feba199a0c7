import GatewireCapture
import Testing

@Suite struct PacketLayerTests {
    private func segment(_ packet: [UInt8], v6: Bool = false) -> TCPSegment? {
        packet.withPacket { bytes in
            let ip = v6 ? IPPacket.parseIPv6(bytes, at: 0) : IPPacket.parseIPv4(bytes, at: 0)
            guard case .success(let parsed) = ip else { return nil }
            return TCPSegment.parse(bytes, ip: parsed)
        }
    }

    @Test("an IPv4 TCP segment yields addresses, ports, sequence numbers, flags and payload")
    func ipv4Segment() throws {
        let packet = PacketBuilder.ipv4(
            source: 0x0A00_0001, destination: 0xC0A8_0102,
            PacketBuilder.tcp(
                sourcePort: 51_000, destinationPort: 443, sequence: 0xFFFF_FFF0, acknowledgment: 7, flags: 0x19,
                payload: Array("hi".utf8)))
        let parsed = try #require(segment(packet))
        #expect(parsed.source.description == "10.0.0.1:51000")
        #expect(parsed.destination.description == "192.168.1.2:443")
        #expect(parsed.sequenceNumber == 0xFFFF_FFF0)
        #expect(parsed.acknowledgmentNumber == 7)
        #expect(parsed.flags == [.fin, .psh, .ack])
        #expect(parsed.payload == Array("hi".utf8))
        #expect(parsed.missingPayloadBytes == 0)
    }

    @Test("TCP options are skipped by the data offset")
    func options() throws {
        let packet = PacketBuilder.ipv4(PacketBuilder.tcp(options: [1, 1, 1, 1, 1, 1, 1, 1], payload: [42]))
        #expect(try #require(segment(packet)).payload == [42])
    }

    @Test("Ethernet padding after the IP total length is not payload")
    func padding() throws {
        let packet = PacketBuilder.ipv4(PacketBuilder.tcp(payload: [1])) + [0, 0, 0, 0, 0]
        #expect(try #require(segment(packet)).payload == [1])
    }

    @Test("a snapshot-length cut keeps the captured payload and counts the rest as missing")
    func snaplen() throws {
        let full = PacketBuilder.ipv4(PacketBuilder.tcp(payload: Array(repeating: 7, count: 100)))
        let parsed = try #require(segment(Array(full.prefix(40 + 30))))
        #expect(parsed.payload.count == 30)
        #expect(parsed.missingPayloadBytes == 70)
    }

    @Test("a TCP header cut by the snapshot length is no segment")
    func truncatedHeader() {
        let full = PacketBuilder.ipv4(PacketBuilder.tcp(payload: [1, 2, 3]))
        #expect(segment(Array(full.prefix(30))) == nil)
    }

    @Test("IPv4 fragments and bad headers are reported, never parsed as TCP")
    func ipv4Failures() {
        let fragment = PacketBuilder.ipv4(flagsAndOffset: 0x2000, PacketBuilder.tcp())
        #expect(fragment.withPacket { IPPacket.parseIPv4($0, at: 0) } == .failure(.fragment))
        let short: [UInt8] = [0x45, 0, 0, 40]
        #expect(short.withPacket { IPPacket.parseIPv4($0, at: 0) } == .failure(.malformed("IPv4 header truncated")))
        var badLength = PacketBuilder.ipv4(PacketBuilder.tcp())
        badLength[3] = 10
        guard case .failure = badLength.withPacket({ IPPacket.parseIPv4($0, at: 0) }) else {
            Issue.record("a total length below the header length was accepted")
            return
        }
    }

    @Test("IPv6 with a hop-by-hop extension header reaches TCP")
    func ipv6Extensions() throws {
        let hopByHop: [UInt8] = [6, 0, 1, 4, 0, 0, 0, 0]
        let packet = PacketBuilder.ipv6(nextHeader: 0, extensions: hopByHop, PacketBuilder.tcp(payload: [9, 9]))
        let parsed = try #require(segment(packet, v6: true))
        #expect(parsed.payload == [9, 9])
        #expect(parsed.source.description == "[::1]:50000")
    }

    @Test(
        "IPv6 addresses print in RFC 5952 form",
        arguments: [
            (IPAddress.v6(0x2001_0DB8_0000_0000, 0x0000_0000_0000_0001), "2001:db8::1"),
            (IPAddress.v6(0, 0), "::"),
            (IPAddress.v6(0xFE80_0000_0000_0000, 0x0202_B3FF_FE1E_8329), "fe80::202:b3ff:fe1e:8329"),
            (IPAddress.v6(0x2001_0DB8_0000_0001, 0x0000_0001_0000_0001), "2001:db8:0:1:0:1:0:1"),
        ])
    func ipv6Text(address: IPAddress, text: String) {
        #expect(address.description == text)
    }
}
