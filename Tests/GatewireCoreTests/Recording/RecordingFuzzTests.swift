import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

/// Mutated and random inputs: the reader must answer every one with a recording or a `RecordingError`, never a
/// crash or another kind of error; and a lenient reader must not fail once the header is intact.
@Suite struct RecordingFuzzTests {
    private static let interesting = Array(#"{}[]",:\0123456789-.eE ntfu"#.utf8) + [0x0A, 0x00, 0xC3, 0xFF, 0x80]

    private func mutate(_ bytes: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0: bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1: bytes[index] = Self.interesting.randomElement(using: &random)!
            case 2: bytes.insert(Self.interesting.randomElement(using: &random)!, at: index)
            case 3: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...40, using: &random)))
            case 4: bytes = Array(bytes[..<index])
            case 5:
                let length = Int.random(in: 1...200, using: &random)
                let start = Int.random(in: 0..<bytes.count, using: &random)
                bytes.insert(contentsOf: bytes[start..<min(bytes.count, start + length)], at: index)
            default: bytes[index] = UInt8.random(in: 0...255, using: &random)
            }
        }
        return bytes
    }

    private func expectNoCrash(_ bytes: [UInt8], header: [UInt8]) {
        do {
            _ = try RecordingReader().read(Data(bytes))
        } catch let error as RecordingError {
            // Only a failure on a later line can be different for a lenient reader, so only then is it asked.
            guard error.code == .invalidLine || error.code == .migrationFailed else { return }
            do {
                _ = try RecordingReader(skipsMalformedLines: true).read(Data(bytes))
            } catch {
                if bytes.starts(with: header) {
                    Issue.record("a lenient reader failed with an intact header: \(error)")
                }
            }
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test("two thousand mutations of a real recording never crash the reader")
    func mutations() throws {
        let original = try RecordingSamples.written()
        let header = try RecordingSamples.written([])
        var random = SeededGenerator(seed: 0x6761_7465_7769_7265)
        for _ in 0..<2000 {
            expectNoCrash(mutate(original, using: &random), header: header)
        }
    }

    @Test("random bytes, and random lines after a valid header, never crash the reader")
    func randomBytes() throws {
        let header = try RecordingSamples.written([])
        var random = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let noise = (0..<Int.random(in: 0...300, using: &random)).map { _ in
                Bool.random(using: &random)
                    ? Self.interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            expectNoCrash(noise, header: header)
            expectNoCrash(header + noise, header: header)
        }
    }
}
