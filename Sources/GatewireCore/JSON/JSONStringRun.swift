/// The plain run at the start of a JSON string's contents: the bytes before the first `"`, `\` or control
/// character, which need no escape handling. Parsing, skipping and quoting strings all look for its end, mostly in
/// long ASCII text (a message's payload, a padding field), so they read it eight bytes at a time.
enum JSONStringRun {
    /// Where the run starting at `start` ends, how many characters it holds (bytes that do not continue a UTF-8
    /// sequence: a parser's column count) and whether it is all ASCII (then it needs no UTF-8 validation).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, columns: Int, isASCII: Bool) {
        let count = bytes.count
        var index = start
        var columns = 0
        var highBits: UInt8 = 0
        guard let base = bytes.baseAddress else { return (index, 0, true) }
        while index < count {
            if index + 8 <= count, isPlain(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                columns += 8
                continue
            }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte & 0xC0 != 0x80 { columns += 1 }
            highBits |= byte
            index += 1
        }
        return (index, columns, highBits < 0x80)
    }

    /// Whether eight bytes are all ASCII at or above U+0020 and none is `"` or `\\` (bit tricks from "Bit
    /// Twiddling Hacks": a byte below n, a zero byte after XOR with the character).
    static func isPlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below20 = (word &- ones &* 0x20) & ~word & highs
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let hasQuote = (quotes &- ones) & ~quotes & highs
        let hasBackslash = (backslashes &- ones) & ~backslashes & highs
        return (word & highs) | below20 | hasQuote | hasBackslash == 0
    }
}
