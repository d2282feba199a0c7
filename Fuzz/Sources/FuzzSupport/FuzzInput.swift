import Foundation

/// The bytes libFuzzer hands a target for one run, with the views the targets take of them.
public struct FuzzInput {
    /// The raw bytes.
    public let bytes: [UInt8]

    /// Copies the input out of libFuzzer's buffer, which is only valid during the call.
    public init(_ start: UnsafeRawPointer, _ count: Int) {
        bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// The bytes as `Data`.
    public var data: Data { Data(bytes) }

    /// The bytes as text, invalid UTF-8 replaced, the way a file read as text would be.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text before the first newline and the bytes after it, so one input can carry two values (an
    /// expression and a message body, a file name and a file); without a newline the second part is empty.
    public var firstLineAndRest: (line: String, rest: [UInt8]) {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return (text, []) }
        return (String(decoding: bytes[..<newline], as: UTF8.self), Array(bytes[(newline + 1)...]))
    }
}
