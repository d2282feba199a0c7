import Foundation
import GatewireCapture
import GatewireCore
import GatewireTestSupport
import Testing

/// A long import keeps memory for the connections still open, not for every connection it has seen.
///
/// Measured on `gatewire inspect` in a process of its own (its peak resident size from `wait4`, read by Python,
/// a test peer already), because tests running in parallel share this process's memory.
@Suite struct CaptureMemoryTests {
    /// A capture of `count` connections, one after another: each sends an upgrade request and 48 KB after it that
    /// wait for a 101 that never comes, then is reset. Only a decoder that outlives its connection keeps them.
    private func capture(connections count: Int) throws -> String {
        var records: [PcapFile.Record] = []
        let body = [UInt8](repeating: 0x41, count: 24_000)
        for index in 0..<count {
            let port = UInt16(20_000 + index)
            var sequence: UInt32 = 1
            for payload in [FrameBytes.request, body, body, []] {
                let flags: UInt8 = payload.isEmpty ? 0x04 : 0x18
                let packet = PacketBuilder.ethernet(
                    PacketBuilder.ipv4(
                        PacketBuilder.tcp(sourcePort: port, sequence: sequence, flags: flags, payload: payload)))
                sequence &+= UInt32(payload.count)
                records.append(
                    PcapFile.Record(
                        seconds: 1_700_000_000 + UInt32(index), microseconds: UInt32(records.count % 1000),
                        originalLength: UInt32(packet.count), bytes: packet))
            }
        }
        return try PcapFile(linkType: 1, records: records).write("connections-\(count).pcap")
    }

    /// The peak resident size in KiB of `gatewire inspect -q` on a file.
    private func peakKiB(inspecting path: String) async throws -> Int {
        let script =
            "import os, subprocess, sys\np = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
            + "_, status, usage = os.wait4(p.pid, 0)\nprint(usage.ru_maxrss if status == 0 else -1)"
        let binary = GatewireBinary.executable.path
        let result = try await ChildProcess.run(
            command: ["python3", "-c", script, binary, "inspect", "-q", path], timeout: .seconds(120))
        return try #require(
            Int(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result.standardError)")
    }

    @Test("ten times the connections, one after another, need about the same memory")
    func connectionsAreReleased() async throws {
        let few = try await peakKiB(inspecting: capture(connections: 100))
        let many = try await peakKiB(inspecting: capture(connections: 1000))
        #expect(few > 0 && many > 0)
        // A decoder kept after its connection ends holds its 48 KB: 900 more of them would be over 40 MB.
        #expect(many - few < 16 << 10, "peak memory: \(few) KiB for 100 connections, \(many) KiB for 1000")
    }
}
