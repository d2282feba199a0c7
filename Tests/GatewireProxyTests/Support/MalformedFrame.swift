import Testing

/// A frame that breaks RFC 6455, for the tests that send one from either side of the proxy: the proxy must fail
/// that side's connection with `closeCode` and record an `error` event with `errorCode`.
struct MalformedFrame: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// The close code the proxy must send the peer that sent the frame.
    var closeCode: Int
    var errorCode: String
    var testDescription: String { name }
}
