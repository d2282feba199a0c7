import GatewireCapture

/// Builds packet bytes layer by layer, so link, IP and TCP parsing are tested on exact bytes.
enum PacketBuilder {
    static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    static func be32(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    /// A TCP header (20 bytes, or more with `options`) followed by the payload.
    static func tcp(
        sourcePort: UInt16 = 50_000, destinationPort: UInt16 = 8080, sequence: UInt32 = 1000,
        acknowledgment: UInt32 = 0, flags: UInt8 = 0x18, options: [UInt8] = [], payload: [UInt8] = []
    ) -> [UInt8] {
        let headerLength = 20 + options.count
        return be16(sourcePort) + be16(destinationPort) + be32(sequence) + be32(acknowledgment)
            + [UInt8(headerLength / 4) << 4, flags] + be16(65_535) + [0, 0, 0, 0] + options + payload
    }

    /// An IPv4 header around a transport segment.
    static func ipv4(
        source: UInt32 = 0x7F00_0001, destination: UInt32 = 0x7F00_0001, protocolNumber: UInt8 = 6,
        flagsAndOffset: UInt16 = 0x4000, totalLength: UInt16? = nil, _ transport: [UInt8]
    ) -> [UInt8] {
        let length = totalLength ?? UInt16(20 + transport.count)
        return [0x45, 0] + be16(length) + [0, 1] + be16(flagsAndOffset) + [64, protocolNumber, 0, 0] + be32(source)
            + be32(destination) + transport
    }

    /// An IPv6 header (with optional extension headers) around a transport segment.
    static func ipv6(nextHeader: UInt8 = 6, extensions: [UInt8] = [], _ transport: [UInt8]) -> [UInt8] {
        let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
        return [0x60, 0, 0, 0] + be16(UInt16(extensions.count + transport.count)) + [nextHeader, 64] + loopback
            + loopback + extensions + transport
    }

    /// An Ethernet II header with zeroed MAC addresses, as `tcpdump -i lo` writes.
    static func ethernet(etherType: UInt16 = 0x0800, _ network: [UInt8]) -> [UInt8] {
        Array(repeating: 0, count: 12) + be16(etherType) + network
    }
}

extension Array where Element == UInt8 {
    /// Runs `body` over the bytes as libpcap would hand them over.
    func withPacket<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeBytes(body)
    }
}
