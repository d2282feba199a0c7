import Testing

@testable import GatewireCore

@Suite struct JSONStringRunTests {
    /// The scan as a byte-at-a-time loop: the reading `JSONStringRun.scan` must give, eight bytes at a time or not.
    private static func model(_ bytes: [UInt8], from start: Int) -> (end: Int, columns: Int, isASCII: Bool) {
        var index = start
        var columns = 0
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte & 0xC0 != 0x80 { columns += 1 }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        return (index, columns, isASCII)
    }

    @Test("the run ends where a byte-at-a-time scan ends it, with the same character count, on random text")
    func matchesModel() {
        var generator = SystemRandomNumberGenerator()
        // Mostly plain ASCII, so long runs are read in words, with the bytes that end a run or are not ASCII mixed in.
        let rare: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xF0, 0xFF]
        for _ in 0..<2000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes: [UInt8] = (0..<length).map { _ in
                Int.random(in: 0..<10, using: &generator) == 0
                    ? rare.randomElement(using: &generator)! : UInt8.random(in: 0x20...0x7E, using: &generator)
            }
            let start = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
            let scanned = bytes.withUnsafeBufferPointer { JSONStringRun.scan($0, from: start) }
            let expected = Self.model(bytes, from: start)
            #expect(scanned.end == expected.end, "\(bytes) from \(start)")
            #expect(scanned.columns == expected.columns, "\(bytes) from \(start)")
            #expect(scanned.isASCII == expected.isASCII, "\(bytes) from \(start)")
        }
    }

    @Test("every byte value ends a run of plain ASCII exactly when it should, at each place in a word")
    func everyByte() {
        for value in 0...255 {
            for place in 0..<9 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
                bytes[place] = UInt8(value)
                let scanned = bytes.withUnsafeBufferPointer { JSONStringRun.scan($0, from: 0) }
                let expected = Self.model(bytes, from: 0)
                #expect(scanned.end == expected.end && scanned.isASCII == expected.isASCII, "byte \(value) at \(place)")
            }
        }
    }
}
