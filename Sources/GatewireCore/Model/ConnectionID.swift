/// A connection id in API Gateway's shape: 16 characters of the base64url alphabet, the last one `=`
/// (for example `R1kmxc2VNjMCFIA=`).
///
/// The format is undocumented; the shape is what real events and SDK logs show (reference §2.3). It is 11 bytes
/// in base64url with its one padding character, which is how Gatewire makes new ones. In `@connections` URLs the
/// `=` arrives percent-encoded as `%3D`.
public struct ConnectionID: RawRepresentable, Hashable, Comparable, Codable, Sendable {
    public var rawValue: String

    /// Wraps any text as an id; use `isGatewayShaped` to check the shape.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Makes an id from 11 bytes, typically random bytes supplied by a shell (Core does not read a random source).
    ///
    /// - Parameter bytes: exactly 11 bytes; extra bytes are ignored and missing ones read as zero.
    public init(bytes: [UInt8]) {
        var padded = Array(bytes.prefix(11))
        padded += [UInt8](repeating: 0, count: 11 - padded.count)
        self.rawValue = Base64URL.encode(padded)
    }

    /// Whether the text has the gateway's shape: 15 base64url characters followed by `=`.
    public var isGatewayShaped: Bool {
        let characters = Array(rawValue.utf8)
        guard characters.count == 16, characters[15] == UInt8(ascii: "=") else { return false }
        return characters.prefix(15).allSatisfy(Base64URL.isAlphabetByte)
    }

    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension ConnectionID: CustomStringConvertible {
    public var description: String { rawValue }
}

/// The base64url alphabet of RFC 4648 §5, with `=` padding as the gateway's ids keep it.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func isAlphabetByte(_ byte: UInt8) -> Bool { alphabet.contains(byte) }

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                if position <= chunk.count {
                    output.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
                } else {
                    output.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
