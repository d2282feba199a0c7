/// The second decoding layer: an IPv4 or IPv6 header, located in the captured bytes.
public struct IPPacket: Hashable, Sendable {
    /// Why a packet's IP layer cannot be used.
    public enum Failure: Error, Hashable, Sendable {
        /// The header is shorter than its own length fields say, or the version is wrong.
        case malformed(String)
        /// A fragment of a larger datagram; TCP over fragmented IP is rare and not reassembled.
        case fragment
    }

    public var source: IPAddress
    public var destination: IPAddress
    /// The transport protocol number (6 is TCP).
    public var protocolNumber: UInt8
    /// Where the transport header starts in the captured bytes.
    public var payloadOffset: Int
    /// How long the transport part is according to the IP header, which may exceed what was captured.
    public var payloadLength: Int

    /// The TCP protocol number.
    public static let tcp: UInt8 = 6

    /// Parses the IPv4 header at `offset`.
    public static func parseIPv4(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Result<IPPacket, Failure> {
        guard let versionAndLength = bytes.uint8(at: offset), versionAndLength >> 4 == 4 else {
            return .failure(.malformed("not an IPv4 header"))
        }
        let headerLength = Int(versionAndLength & 0x0F) * 4
        guard headerLength >= 20, offset + headerLength <= bytes.count,
            let totalLength = bytes.uint16(at: offset + 2), let flagsAndOffset = bytes.uint16(at: offset + 6),
            let protocolNumber = bytes.uint8(at: offset + 9), let source = bytes.uint32(at: offset + 12),
            let destination = bytes.uint32(at: offset + 16)
        else { return .failure(.malformed("IPv4 header truncated")) }
        // More-fragments flag or a non-zero fragment offset.
        if flagsAndOffset & 0x3FFF != 0 { return .failure(.fragment) }
        // A total length of 0 appears in captures taken before TCP segmentation offload; use what was captured.
        let declared = totalLength == 0 ? bytes.count - offset : Int(totalLength)
        guard declared >= headerLength else { return .failure(.malformed("IPv4 total length below header length")) }
        return .success(
            IPPacket(
                source: .v4(source), destination: .v4(destination), protocolNumber: protocolNumber,
                payloadOffset: offset + headerLength, payloadLength: declared - headerLength))
    }

    /// Parses the IPv6 header at `offset`, skipping the extension headers that can precede TCP.
    public static func parseIPv6(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Result<IPPacket, Failure> {
        guard let first = bytes.uint8(at: offset), first >> 4 == 6, let payloadLength = bytes.uint16(at: offset + 4),
            var nextHeader = bytes.uint8(at: offset + 6), offset + 40 <= bytes.count
        else { return .failure(.malformed("IPv6 header truncated")) }
        func word(_ at: Int) -> UInt64 {
            (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[at + $1]) }
        }
        let source = IPAddress.v6(word(offset + 8), word(offset + 16))
        let destination = IPAddress.v6(word(offset + 24), word(offset + 32))
        var cursor = offset + 40
        var remaining = Int(payloadLength) == 0 ? bytes.count - cursor : Int(payloadLength)
        // Hop-by-hop (0), routing (43), destination options (60): length in 8-octet units after the first 8.
        // Fragment (44) means the datagram is fragmented.
        while [0, 43, 60, 44].contains(nextHeader) {
            if nextHeader == 44 { return .failure(.fragment) }
            guard let following = bytes.uint8(at: cursor), let units = bytes.uint8(at: cursor + 1) else {
                return .failure(.malformed("IPv6 extension header truncated"))
            }
            let length = (Int(units) + 1) * 8
            nextHeader = following
            cursor += length
            remaining -= length
        }
        guard remaining >= 0 else { return .failure(.malformed("IPv6 extension headers exceed payload length")) }
        return .success(
            IPPacket(
                source: source, destination: destination, protocolNumber: nextHeader, payloadOffset: cursor,
                payloadLength: remaining))
    }
}
