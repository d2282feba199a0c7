/// Base64 encoding (RFC 4648 §4, standard alphabet, padded, no line breaks) straight into a byte array.
///
/// The bytes are those of Foundation's `base64EncodedString()`; writing them into the line being built avoids
/// the intermediate `Data` and `String` of a recording's binary payloads.
enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the base64 text of `input` to `output`.
    static func append(_ input: [UInt8], to output: inout [UInt8]) {
        let count = input.count
        guard count > 0 else { return }
        let encodedCount = (count + 2) / 3 * 4
        let start = output.count
        output.append(contentsOf: repeatElement(UInt8(ascii: "="), count: encodedCount))
        input.withUnsafeBufferPointer { source in
            alphabet.withUnsafeBufferPointer { table in
                output.withUnsafeMutableBufferPointer { buffer in
                    var out = start
                    var index = 0
                    while index + 3 <= count {
                        let group =
                            UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8
                            | UInt32(source[index + 2])
                        buffer[out] = table[Int(group >> 18)]
                        buffer[out + 1] = table[Int(group >> 12 & 0x3F)]
                        buffer[out + 2] = table[Int(group >> 6 & 0x3F)]
                        buffer[out + 3] = table[Int(group & 0x3F)]
                        index += 3
                        out += 4
                    }
                    let remaining = count - index
                    guard remaining > 0 else { return }
                    // One or two trailing bytes: the '=' already written pads the group.
                    let group = UInt32(source[index]) << 16 | (remaining == 2 ? UInt32(source[index + 1]) << 8 : 0)
                    buffer[out] = table[Int(group >> 18)]
                    buffer[out + 1] = table[Int(group >> 12 & 0x3F)]
                    if remaining == 2 { buffer[out + 2] = table[Int(group >> 6 & 0x3F)] }
                }
            }
        }
    }
}
