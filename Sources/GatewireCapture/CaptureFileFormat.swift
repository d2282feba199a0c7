import Foundation

/// The kinds of file `gatewire inspect` reads, told apart by their first bytes rather than their names.
public enum CaptureFileFormat: String, Hashable, Sendable {
    /// libpcap's classic format (any byte order, micro- or nanosecond timestamps).
    case pcap
    /// pcapng, tcpdump's and Wireshark's newer format.
    case pcapng
    /// An HTTP Archive, as browsers export it.
    case har
    /// A Gatewire recording (JSON Lines).
    case recording

    /// Detects the format from the start of a file.
    ///
    /// - Returns: `nil` when the bytes match none of the formats.
    public static func detect(_ prefix: [UInt8]) -> CaptureFileFormat? {
        let pcapMagics: Set<[UInt8]> = [
            [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D],
        ]
        if prefix.count >= 4, pcapMagics.contains(Array(prefix.prefix(4))) { return .pcap }
        // pcapng files start with a Section Header Block, type 0x0A0D0D0A.
        if prefix.starts(with: [0x0A, 0x0D, 0x0D, 0x0A]) { return .pcapng }
        let text = String(
            decoding: prefix.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }, as: UTF8.self)
        guard text.hasPrefix("{") else { return nil }
        // A recording's first line is its header object with a `format` field; a HAR is one object with `log`.
        let firstLine = text.prefix { $0 != "\n" }
        if firstLine.contains("\"format\"") && !firstLine.contains("\"log\"") { return .recording }
        if text.contains("\"log\"") { return .har }
        return firstLine.hasSuffix("}") ? .recording : nil
    }

    /// Detects the format of a file on disk.
    ///
    /// - Throws: `CaptureError.cannotOpenFile` when the file cannot be read or is of no known format.
    public static func detect(path: String) throws -> CaptureFileFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CaptureError.cannotOpenFile(path, reason: "no such file, or not readable")
        }
        defer { try? handle.close() }
        let prefix = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        guard let format = detect(prefix) else {
            throw CaptureError.cannotOpenFile(
                path, reason: "not a pcap, pcapng, HAR or Gatewire recording (unrecognised first bytes)")
        }
        return format
    }
}
