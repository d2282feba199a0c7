import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

@Suite struct DropBehindTests {
    @Test("nothing is advised until a whole step is written, then the step is written out")
    func firstStep() {
        var dropBehind = DropBehind(startingAt: 100, step: 10, lag: 30, pageSize: 1)
        #expect(dropBehind.appended(9) == DropBehind.Advice())
        #expect(dropBehind.appended(4) == DropBehind.Advice(writeOut: 100..<113, release: nil))
        #expect(dropBehind.appended(9) == DropBehind.Advice())
        #expect(dropBehind.writtenOut == 113)
        #expect(dropBehind.released == 100)
        #expect(dropBehind.end == 122)
    }

    @Test("pages are released only once they are written out and a lag behind the end")
    func release() {
        var dropBehind = DropBehind(startingAt: 0, step: 10, lag: 30, pageSize: 1)
        #expect(dropBehind.appended(35) == DropBehind.Advice(writeOut: 0..<35, release: nil))
        #expect(dropBehind.appended(5) == DropBehind.Advice(writeOut: nil, release: 0..<10))
        // 5 more bytes lie a lag behind the end: less than a step, so they wait.
        #expect(dropBehind.appended(5) == DropBehind.Advice(writeOut: 35..<45, release: nil))
        #expect(dropBehind.appended(5) == DropBehind.Advice(writeOut: nil, release: 10..<20))
        // A lag behind the end, but only now handed to the disk: released by the next write, not this one.
        var unwritten = DropBehind(startingAt: 0, step: 100, lag: 100, pageSize: 1)
        #expect(unwritten.appended(250) == DropBehind.Advice(writeOut: 0..<250, release: nil))
        #expect(unwritten.appended(1) == DropBehind.Advice(writeOut: nil, release: 0..<151))
    }

    @Test("a step and a lag below their least are raised to it, and a negative count adds nothing")
    func bounds() {
        let dropBehind = DropBehind(startingAt: -5, step: 0, lag: 0, pageSize: 0)
        #expect(dropBehind.step == 1)
        #expect(dropBehind.lag == 1)
        #expect(dropBehind.pageSize == 1)
        #expect(dropBehind.end == 0)
        var same = DropBehind(startingAt: 0, step: 4, lag: 8, pageSize: 1)
        #expect(same.appended(-3) == DropBehind.Advice())
        #expect(same.end == 0)
    }

    @Test("released ranges end on a page boundary, so no page is left between two of them")
    func pageBoundaries() {
        var dropBehind = DropBehind(startingAt: 5_000, step: 10_000, lag: 20_000, pageSize: 4096)
        #expect(dropBehind.released == 4096)
        #expect(dropBehind.appended(12_345) == DropBehind.Advice(writeOut: 5_000..<17_345, release: nil))
        // A lag behind the end lies 9_690, rounded down to the page at 8_192: less than a step past 4_096.
        #expect(dropBehind.appended(12_345) == DropBehind.Advice(writeOut: 17_345..<29_690, release: nil))
        // 19_690 rounds down to 16_384.
        #expect(dropBehind.appended(10_000) == DropBehind.Advice(writeOut: 29_690..<39_690, release: 4_096..<16_384))
        // 29_690 rounds down to 28_672; the next range starts where this one ended.
        #expect(dropBehind.appended(10_000) == DropBehind.Advice(writeOut: 39_690..<49_690, release: 16_384..<28_672))
    }

    @Test("over random writes the advised ranges tile the file in order and keep their distances")
    func randomWrites() {
        var generator = SeededGenerator(seed: 13)
        for _ in 0..<200 {
            let step = Int64.random(in: 1...64, using: &generator)
            let lag = Int64.random(in: step...256, using: &generator)
            let start = Int64.random(in: 0...1_000, using: &generator)
            let pageSize: Int64 = [1, 2, 8, 16, 64].randomElement(using: &generator)!
            var dropBehind = DropBehind(startingAt: start, step: step, lag: lag, pageSize: pageSize)
            var writtenOut = start
            var released = start - start % pageSize
            var end = start
            for _ in 0..<500 {
                let count = Int.random(in: 0...200, using: &generator)
                end += Int64(count)
                let advice = dropBehind.appended(count)
                let writtenOutBefore = writtenOut
                if let range = advice.release {
                    #expect(range.lowerBound == released && range.count >= step)
                    #expect(range.upperBound <= writtenOutBefore && range.upperBound <= end - lag)
                    #expect(range.upperBound % pageSize == 0)
                    released = range.upperBound
                }
                if let range = advice.writeOut {
                    #expect(range.lowerBound == writtenOut && range.upperBound == end && range.count >= step)
                    writtenOut = range.upperBound
                }
                #expect(end - writtenOut < step)
                let releasable = min(writtenOutBefore, end - lag)
                #expect(releasable - releasable % pageSize - released < step)
                #expect(dropBehind.end == end && dropBehind.writtenOut == writtenOut && dropBehind.released == released)
            }
        }
    }

    @Test("a file written well past the lag through the file output reads back byte for byte")
    func fileOutputKeepsEveryByte() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatewire-drop-behind-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        var output = try FileHandleRecordingOutput(creatingFileAt: url)
        #expect(output.dropBehind?.end == 0)
        var expected = Data()
        var generator = SeededGenerator(seed: 1)
        var chunk = 0
        while expected.count < Int(DropBehind.defaultLag + 3 * DropBehind.defaultStep) {
            let size = Int.random(in: 1...(1 << 20), using: &generator)
            let bytes = [UInt8](repeating: UInt8(truncatingIfNeeded: chunk), count: size)
            try output.write(bytes)
            expected.append(contentsOf: bytes)
            chunk += 1
        }
        #expect(output.dropBehind?.end == Int64(expected.count))
        #expect((output.dropBehind?.released ?? 0) > 0)
        try output.close()
        #expect(try Data(contentsOf: url) == expected)
    }

    @Test("a pipe has no offset, so nothing is advised and writes go through as before")
    func pipe() throws {
        let pipe = Pipe()
        var output = FileHandleRecordingOutput(handle: pipe.fileHandleForWriting)
        #expect(output.dropBehind == nil)
        try output.write(Array("line\n".utf8))
        try pipe.fileHandleForWriting.close()
        #expect(try pipe.fileHandleForReading.readToEnd() == Data("line\n".utf8))
    }
}
