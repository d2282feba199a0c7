/// Rewrites raw query text for fix suggestions only: the proxy and the parser never re-encode what was sent.
enum PercentEscaping {
    /// `raw` with every byte for which `shouldEscape` holds written as `%XX` (upper-case hex); other bytes unchanged.
    static func escaping(_ raw: String, where shouldEscape: (UInt8) -> Bool) -> String {
        var output: [UInt8] = []
        for byte in raw.utf8 {
            if shouldEscape(byte) {
                output.append(contentsOf: escape(byte).utf8)
            } else {
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// One byte as `%XX`.
    static func escape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// Unreserved characters of RFC 3986 §2.3, which no encoder escapes.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// `text` fully encoded as `encodeURIComponent` would (everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`).
    static func componentEncoded(_ text: String) -> String {
        escaping(text) { !isUnreserved($0) && !"!*'()".utf8.contains($0) }
    }
}
