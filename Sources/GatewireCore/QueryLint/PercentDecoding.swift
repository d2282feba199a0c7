/// Byte-level percent-decoding of one raw query component, reporting everything that is not clean.
///
/// Pure and total: any input decodes to something, and every irregularity (an escape that is not `%` plus two hex
/// digits, a result that is not UTF-8) is reported instead of thrown, so a linter can explain it.
public enum PercentDecoding {
    /// An escape that is not `%` followed by two hex digits (`%zz`, `%2` at the end, a lone trailing `%`).
    public struct InvalidEscape: Hashable, Sendable {
        /// UTF-8 byte offset of the `%` in the raw text.
        public var offset: Int
        /// The offending text: the `%` and up to two following characters (`%zz`, `%2`, `%`).
        public var text: String
    }

    /// What one raw component decodes to, and what went wrong on the way.
    public struct Result: Hashable, Sendable {
        /// The decoded bytes.
        public var bytes: [UInt8]
        /// The decoded text; bytes that are not UTF-8 appear as U+FFFD.
        public var text: String
        /// Invalid escapes, kept literally in ``bytes``, in order of appearance.
        public var invalidEscapes: [InvalidEscape]
        /// How many valid `%XX` escapes were decoded.
        public var decodedEscapeCount: Int
        /// How many raw `+` became a space.
        public var plusesDecodedToSpace: Int
        /// Whether ``bytes`` are valid UTF-8 (if not, ``text`` holds replacement characters).
        public var isValidUTF8: Bool
    }

    /// Decodes one raw component (a name or a value) once.
    ///
    /// - Parameters:
    ///   - raw: the component exactly as sent, without its `=` or `&`.
    ///   - plusAsSpace: whether a raw `+` means a space (form encoding).
    /// - Returns: the decoded bytes and text with every irregularity found.
    public static func decode(_ raw: some StringProtocol, plusAsSpace: Bool) -> Result {
        let input = Array(raw.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var invalid: [InvalidEscape] = []
        var escapes = 0
        var pluses = 0
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%") {
                if let value = escapedByte(in: input, at: index) {
                    bytes.append(value)
                    escapes += 1
                    index += 3
                    continue
                }
                // Kept literally (QueryDecodingPolicy.gateway documents why); only the `%` is consumed so that a
                // valid escape right after it (`%%41`) is still decoded.
                let end = min(index + 3, input.count)
                invalid.append(InvalidEscape(offset: index, text: String(decoding: input[index..<end], as: UTF8.self)))
                bytes.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "+"), plusAsSpace {
                bytes.append(UInt8(ascii: " "))
                pluses += 1
                index += 1
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding with replacement changes the bytes exactly when they were not UTF-8.
        return Result(
            bytes: bytes, text: text, invalidEscapes: invalid, decodedEscapeCount: escapes,
            plusesDecodedToSpace: pluses, isValidUTF8: Array(text.utf8) == bytes
        )
    }

    /// The byte of a valid `%XX` escape starting at `index`, or `nil` when the escape is invalid.
    static func escapedByte(in input: [UInt8], at index: Int) -> UInt8? {
        guard input[index] == UInt8(ascii: "%"), index + 2 < input.count,
            let high = HexDigit.value(of: input[index + 1]), let low = HexDigit.value(of: input[index + 2])
        else { return nil }
        return high << 4 | low
    }
}
