import Foundation

/// Reads and writes classic pcap files (little-endian, microsecond timestamps) so tests can damage real captures:
/// cut packets, drop segments, corrupt headers.
struct PcapFile {
    struct Record {
        var seconds: UInt32
        var microseconds: UInt32
        var originalLength: UInt32
        var bytes: [UInt8]
    }

    var linkType: UInt32
    var snapshotLength: UInt32 = 262_144
    var records: [Record]

    init(linkType: UInt32, records: [Record]) {
        self.linkType = linkType
        self.records = records
    }

    /// Reads a little-endian pcap file as tcpdump writes it on x86.
    init(contentsOf path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u32(_ offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[offset + $1]) << (8 * UInt32($1)) }
        }
        precondition(u32(0) == 0xA1B2_C3D4, "not a little-endian microsecond pcap")
        linkType = u32(20)
        snapshotLength = u32(16)
        records = []
        var offset = 24
        while offset + 16 <= data.count {
            let length = Int(u32(offset + 8))
            records.append(
                Record(
                    seconds: u32(offset), microseconds: u32(offset + 4), originalLength: u32(offset + 12),
                    bytes: Array(data[offset + 16..<offset + 16 + length])))
            offset += 16 + length
        }
    }

    /// The file's bytes.
    var bytes: [UInt8] {
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var out = le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(snapshotLength) + le32(linkType)
        for record in records {
            out +=
                le32(record.seconds) + le32(record.microseconds) + le32(UInt32(record.bytes.count))
                + le32(record.originalLength) + record.bytes
        }
        return out
    }

    /// Writes the file to a fresh temporary path and returns it.
    func write(_ name: String) throws -> String {
        let path = CaptureFixtures.temporaryFile(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
