/// UTF-8 validation of raw bytes without building a `String`, with a fast path for ASCII.
///
/// `String(validating:as:)` allocates and copies the whole payload only for the answer to be thrown away; text
/// messages are checked once per message (RFC 6455 §8.1) and again when a recording line chooses between `text`
/// and `base64`, so both use this instead. Validity follows the Unicode Standard's table 3-7 (RFC 3629 §4): no
/// overlong forms, no surrogates, nothing above U+10FFFF — exactly what `String(validating:as:)` accepts.
enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
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
            guard let length = sequenceLength(base, at: index, count: count) else { return false }
            index += length
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
        let lead = base[index]
        // The second byte's range depends on the lead byte (table 3-7); later bytes are always 80...BF.
        let length: Int
        let secondRange: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (length, secondRange) = (2, 0x80...0xBF)
        case 0xE0: (length, secondRange) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, secondRange) = (3, 0x80...0xBF)
        case 0xED: (length, secondRange) = (3, 0x80...0x9F)
        case 0xF0: (length, secondRange) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, secondRange) = (4, 0x80...0xBF)
        case 0xF4: (length, secondRange) = (4, 0x80...0x8F)
        default: return nil
        }
        guard index + length <= count, secondRange.contains(base[index + 1]) else { return nil }
        for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }
}
