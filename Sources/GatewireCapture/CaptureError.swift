/// Why a capture could not be opened or read: a missing file, a file that is not a capture, missing
/// permissions for a live interface, a filter that does not compile.
///
/// Errors that only affect part of a capture (a gap, a malformed packet, a protocol violation) are not thrown;
/// they become `error` events, so one bad packet never hides the rest of a capture.
public struct CaptureError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: String, Hashable, Sendable {
        case cannotOpenFile = "cannot-open-file"
        case permissionDenied = "permission-denied"
        case noSuchInterface = "no-such-interface"
        case cannotOpenInterface = "cannot-open-interface"
        case badFilter = "bad-filter"
        case readFailed = "read-failed"
        case unsupportedLinkType = "unsupported-link-type"
    }

    private let kind: Kind
    /// One sentence for a person, naming the file or interface and what to do.
    public let message: String

    private init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// A stable kebab-case code (`permission-denied`, `read-failed`, …) for scripts and tests.
    public var code: String { kind.rawValue }

    public var description: String { message }

    /// The file does not exist, cannot be read, or is neither pcap nor pcapng.
    public static func cannotOpenFile(_ path: String, reason: String) -> CaptureError {
        CaptureError(.cannotOpenFile, "cannot open capture '\(path)': \(reason)")
    }

    /// Capturing on a live interface needs root or CAP_NET_RAW.
    public static func permissionDenied(_ interface: String, reason: String) -> CaptureError {
        CaptureError(
            .permissionDenied,
            "no permission to capture on '\(interface)' (\(reason)); run as root or grant CAP_NET_RAW, "
                + "for example: sudo setcap cap_net_raw,cap_net_admin=eip $(which gatewire)")
    }

    /// The interface name is unknown.
    public static func noSuchInterface(_ interface: String) -> CaptureError {
        CaptureError(.noSuchInterface, "no such interface '\(interface)' (list them with `ip link` or `tcpdump -D`)")
    }

    /// libpcap refused the interface for another reason.
    public static func cannotOpenInterface(_ interface: String, reason: String) -> CaptureError {
        CaptureError(.cannotOpenInterface, "cannot capture on '\(interface)': \(reason)")
    }

    /// The BPF filter expression does not compile.
    public static func badFilter(_ filter: String, reason: String) -> CaptureError {
        CaptureError(.badFilter, "the capture filter '\(filter)' is not valid BPF: \(reason)")
    }

    /// Reading stopped in the middle of the file: it is truncated or its headers are corrupt.
    public static func readFailed(_ source: String, reason: String) -> CaptureError {
        CaptureError(.readFailed, "reading '\(source)' stopped: \(reason)")
    }

    /// The capture's link type is not one Gatewire decodes.
    public static func unsupportedLinkType(_ source: String, linkType: Int32) -> CaptureError {
        CaptureError(
            .unsupportedLinkType,
            "'\(source)' has link type \(linkType), which is not supported (Ethernet, Linux cooked v1/v2, "
                + "BSD loopback and raw IP are)")
    }
}
