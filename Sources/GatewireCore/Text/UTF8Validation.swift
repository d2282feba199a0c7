/// UTF-8 validation of raw bytes without building a `String`, with a fast path for ASCII.
///
/// `String(validating:as:)` allocates and copies the whole payload only for the answer to be thrown away; text
/// messages are checked once per message (RFC 6455 §8.1) and again when a recording line chooses between `text`
/// and `base64`, so both use this instead. Validity follows the Unicode Standard's table 3-7 (RFC 3629 §4): no
/// overlong forms, no surrogates, nothing above U+10FFFF — exactly what `String(validating:as:)` accepts.
enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        validPrefixEnd(bytes, from: 0) == bytes.count
    }

    /// How far `bytes` are known to be well-formed UTF-8 when more bytes may follow: the end of the last complete
    /// scalar, or `nil` when no continuation could make them valid.
    ///
    /// A fragmented text message is checked with this frame by frame, each call starting where the previous one
    /// stopped, so RFC 6455 §8.1's "fail the connection" happens at the fragment that makes the text invalid and
    /// every byte is still read once. A scalar cut off at the end (a lead byte and some valid continuation bytes) is
    /// not an error yet: the next fragment may complete it.
    static func validPrefixEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var index = start
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            if base[index] < 0x80 {
                index += 1
                continue
            }
            if let length = sequenceLength(base, at: index, count: count) {
                index += length
                continue
            }
            return isTruncatedSequence(base, at: index, count: count) ? index : nil
        }
        return index
    }

    /// Whether the bytes from `index` to the end are the start of a well-formed sequence that the end cut off.
    private static func isTruncatedSequence(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> Bool {
        guard let (length, secondRange) = leadByte(base[index]) else { return false }
        let available = count - index
        guard available < length else { return false }
        if available >= 2, !secondRange.contains(base[index + 1]) { return false }
        for offset in 2..<max(2, available) where base[index + offset] & 0xC0 != 0x80 {
            return false
        }
        return true
    }

    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        if let answer = bytes.withContiguousStorageIfAvailable({ isValid($0) }) { return answer }
        return Array(bytes).withUnsafeBufferPointer { isValid($0) }
    }

    /// The length of the well-formed multi-byte sequence starting at `index`, or `nil` when it is not one.
    static func sequenceLength(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> Int? {
        guard let (length, secondRange) = leadByte(base[index]) else { return nil }
        guard index + length <= count, secondRange.contains(base[index + 1]) else { return nil }
        for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }

    /// The length of the sequence a lead byte starts and the range its second byte must fall in, or `nil` when the
    /// byte cannot start a multi-byte sequence. The second byte's range depends on the lead byte (table 3-7); later
    /// bytes are always 80...BF.
    private static func leadByte(_ lead: UInt8) -> (length: Int, secondRange: ClosedRange<UInt8>)? {
        switch lead {
        case 0xC2...0xDF: (2, 0x80...0xBF)
        case 0xE0: (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
        case 0xED: (3, 0x80...0x9F)
        case 0xF0: (4, 0x90...0xBF)
        case 0xF1...0xF3: (4, 0x80...0xBF)
        case 0xF4: (4, 0x80...0x8F)
        default: nil
        }
    }
}
