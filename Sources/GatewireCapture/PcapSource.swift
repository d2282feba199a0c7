import CPcap
public import GatewireCore

/// Packets from libpcap: a pcap or pcapng file, or a live interface.
///
/// This is the only file that imports libpcap. Packet bytes handed to `next(_:)` point into libpcap's own buffer
/// and are valid only inside the closure, which is why the API is closure-based: the link, IP and TCP layers read
/// them in place and copy only TCP payloads.
public final class PcapSource {
    /// One packet as libpcap delivered it.
    public struct Packet {
        /// When the packet was captured, or `nil` when the file's timestamp is not a time in the years 1 to 9999
        /// (`Timestamp.validMicroseconds`): pcapng stores 64-bit timestamps, and a corrupt high word would
        /// otherwise overflow the conversion to microseconds.
        public var time: Timestamp?
        /// How long the packet was on the wire; more than `bytes.count` when the snapshot length cut it.
        public var originalLength: Int
        /// The captured bytes, starting at the link-layer header.
        public var bytes: UnsafeRawBufferPointer
    }

    /// What one read produced.
    public enum ReadResult<Value> {
        /// A packet, as transformed by the closure.
        case packet(Value)
        /// No packet arrived within the live read timeout; call again.
        case timeout
        /// The file ended (or the capture was stopped).
        case end
    }

    private let handle: OpaquePointer
    /// The file path or interface name, for messages.
    public let name: String
    /// The link-layer header type of every packet.
    public let linkType: LinkType
    /// The snapshot length: packets longer than this were cut when captured.
    public let snapshotLength: Int

    private init(handle: OpaquePointer, name: String) {
        self.handle = handle
        self.name = name
        self.linkType = LinkType(rawValue: pcap_datalink(handle))
        self.snapshotLength = Int(pcap_snapshot(handle))
    }

    deinit {
        pcap_close(handle)
    }

    /// Opens a pcap or pcapng file.
    ///
    /// - Throws: `CaptureError.cannotOpenFile` when the file is missing, unreadable or not a capture.
    public static func openFile(_ path: String) throws -> PcapSource {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        // Microsecond timestamps whatever the file holds: pcapng files may store nanoseconds.
        guard
            let handle = pcap_open_offline_with_tstamp_precision(
                path, UInt32(PCAP_TSTAMP_PRECISION_MICRO), &errorBuffer)
        else {
            throw CaptureError.cannotOpenFile(path, reason: Self.text(errorBuffer))
        }
        return PcapSource(handle: handle, name: path)
    }

    /// Opens a live interface, optionally with a BPF filter.
    ///
    /// Immediate mode delivers packets as they arrive instead of in buffered batches, so a live session shows
    /// messages as they happen; the read timeout lets the caller check for cancellation between packets.
    ///
    /// - Parameters:
    ///   - interface: the interface name, such as `lo`, `eth0` or `any`.
    ///   - filter: a BPF expression such as `tcp port 8080`, or `nil` for every packet.
    ///   - snapshotLength: the longest part of each packet kept; the default keeps whole packets.
    ///   - readTimeoutMilliseconds: how long one `next(_:)` call waits before returning `.timeout`.
    /// - Throws: `CaptureError.permissionDenied` without root or CAP_NET_RAW, `.noSuchInterface`, `.badFilter`,
    ///   `.cannotOpenInterface`.
    public static func openInterface(
        _ interface: String, filter: String?, snapshotLength: Int32 = 262_144, readTimeoutMilliseconds: Int32 = 200
    ) throws -> PcapSource {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = pcap_create(interface, &errorBuffer) else {
            throw CaptureError.cannotOpenInterface(interface, reason: Self.text(errorBuffer))
        }
        pcap_set_snaplen(handle, snapshotLength)
        pcap_set_promisc(handle, 0)
        pcap_set_timeout(handle, readTimeoutMilliseconds)
        pcap_set_immediate_mode(handle, 1)
        pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_MICRO))
        let status = pcap_activate(handle)
        if status < 0 {
            let reason = String(cString: pcap_geterr(handle))
            let detail = reason.isEmpty ? String(cString: pcap_statustostr(status)) : reason
            pcap_close(handle)
            switch status {
            case PCAP_ERROR_PERM_DENIED: throw CaptureError.permissionDenied(interface, reason: detail)
            case PCAP_ERROR_NO_SUCH_DEVICE: throw CaptureError.noSuchInterface(interface)
            default: throw CaptureError.cannotOpenInterface(interface, reason: detail)
            }
        }
        let source = PcapSource(handle: handle, name: interface)
        if let filter, !filter.isEmpty {
            try source.apply(filter: filter)
        }
        return source
    }

    private func apply(filter: String) throws {
        var program = bpf_program()
        guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw CaptureError.badFilter(filter, reason: String(cString: pcap_geterr(handle)))
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            throw CaptureError.badFilter(filter, reason: String(cString: pcap_geterr(handle)))
        }
    }

    /// Reads the next packet and hands it to `body`, whose result is returned.
    ///
    /// - Throws: `CaptureError.readFailed` when the file is truncated inside a record or its headers are corrupt;
    ///   whatever `body` throws.
    public func next<Value>(_ body: (Packet) throws -> Value) throws -> ReadResult<Value> {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<u_char>?
        let status = pcap_next_ex(handle, &header, &data)
        switch status {
        case 1:
            guard let header, let data else { return .timeout }
            let stamp = header.pointee.ts
            let packet = Packet(
                time: Timestamp(seconds: Int64(stamp.tv_sec), microseconds: Int64(stamp.tv_usec)),
                originalLength: Int(header.pointee.len),
                bytes: UnsafeRawBufferPointer(start: data, count: Int(header.pointee.caplen)))
            return .packet(try body(packet))
        case 0:
            return .timeout
        case PCAP_ERROR_BREAK:
            return .end
        default:
            throw CaptureError.readFailed(name, reason: String(cString: pcap_geterr(handle)))
        }
    }

    /// The text of libpcap's NUL-terminated error buffer.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Makes a blocked or future `next(_:)` return `.end`; used to stop a live capture.
    public func stop() {
        pcap_breakloop(handle)
    }
}
