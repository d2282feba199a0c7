/// The third decoding layer: one TCP segment, with its payload copied out of the capture buffer.
public struct TCPSegment: Hashable, Sendable {
    /// The TCP control flags this decoder acts on.
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let fin = Flags(rawValue: 0x01)
        public static let syn = Flags(rawValue: 0x02)
        public static let rst = Flags(rawValue: 0x04)
        public static let psh = Flags(rawValue: 0x08)
        public static let ack = Flags(rawValue: 0x10)
    }

    public var source: Endpoint
    public var destination: Endpoint
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    public var flags: Flags
    /// The payload bytes that were captured.
    public var payload: [UInt8]
    /// Payload bytes the sender sent but the capture did not keep (snapshot length); they become a reported gap.
    public var missingPayloadBytes: Int

    /// Creates a segment; tests build them directly, captures through `parse`.
    public init(
        source: Endpoint, destination: Endpoint, sequenceNumber: UInt32, acknowledgmentNumber: UInt32 = 0,
        flags: Flags, payload: [UInt8] = [], missingPayloadBytes: Int = 0
    ) {
        self.source = source
        self.destination = destination
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.payload = payload
        self.missingPayloadBytes = missingPayloadBytes
    }

    /// Parses the TCP header that `ip` locates in `bytes`.
    ///
    /// - Returns: the segment, or `nil` when the TCP header itself was not captured whole or is malformed.
    public static func parse(_ bytes: UnsafeRawBufferPointer, ip: IPPacket) -> TCPSegment? {
        let offset = ip.payloadOffset
        guard let sourcePort = bytes.uint16(at: offset), let destinationPort = bytes.uint16(at: offset + 2),
            let sequence = bytes.uint32(at: offset + 4), let acknowledgment = bytes.uint32(at: offset + 8),
            let dataOffset = bytes.uint8(at: offset + 12), let flags = bytes.uint8(at: offset + 13)
        else { return nil }
        let headerLength = Int(dataOffset >> 4) * 4
        guard headerLength >= 20, headerLength <= ip.payloadLength, offset + headerLength <= bytes.count else {
            return nil
        }
        let declared = ip.payloadLength - headerLength
        let start = offset + headerLength
        // Ethernet pads short frames to 60 bytes, so the IP length, not the captured length, bounds the payload.
        let captured = max(0, min(declared, bytes.count - start))
        return TCPSegment(
            source: Endpoint(address: ip.source, port: sourcePort),
            destination: Endpoint(address: ip.destination, port: destinationPort), sequenceNumber: sequence,
            acknowledgmentNumber: acknowledgment, flags: Flags(rawValue: flags & 0x1F),
            payload: Array(UnsafeRawBufferPointer(rebasing: bytes[start..<start + captured])),
            missingPayloadBytes: declared - captured)
    }
}
