/// An incremental UTF-8 validator, fed one fragment at a time so a text message is rejected at the first frame
/// that makes it invalid (RFC 6455 §8.1: "fail the WebSocket connection" as soon as invalid UTF-8 is seen).
///
/// The accepted sequences are exactly RFC 3629's: no overlong forms, no surrogates (U+D800–U+DFFF), nothing above
/// U+10FFFF.
struct UTF8Validator: Hashable, Sendable {
    /// Continuation bytes still expected for the current scalar.
    private var remaining = 0
    /// The range the next continuation byte must fall in (narrower than 0x80–0xBF right after some lead bytes).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    /// Whether the bytes so far end on a scalar boundary, as a complete message must.
    var isComplete: Bool { remaining == 0 }

    /// Feeds bytes; returns `false` at the first byte that can never be part of valid UTF-8.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes {
            if remaining == 0 {
                if byte < 0x80 { continue }
                switch byte {
                case 0xC2...0xDF: begin(1, 0x80, 0xBF)
                case 0xE0: begin(2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: begin(2, 0x80, 0xBF)
                case 0xED: begin(2, 0x80, 0x9F)
                case 0xF0: begin(3, 0x90, 0xBF)
                case 0xF1...0xF3: begin(3, 0x80, 0xBF)
                case 0xF4: begin(3, 0x80, 0x8F)
                default: return false
                }
            } else {
                guard byte >= lower, byte <= upper else { return false }
                remaining -= 1
                lower = 0x80
                upper = 0xBF
            }
        }
        return true
    }

    /// Feeds an array of bytes; see `feed(_:)`.
    mutating func feed(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { feed($0) }
    }

    private mutating func begin(_ count: Int, _ low: UInt8, _ high: UInt8) {
        remaining = count
        lower = low
        upper = high
    }
}
