import CompressNIO
import NIOCore

/// Inflates permessage-deflate messages of one direction (RFC 7692) with zlib, through compress-nio.
///
/// With context takeover (the default) the LZ77 window carries over from one message to the next, so one
/// decompressor lives as long as the connection and messages must be inflated in order; with
/// `no_context_takeover` it is reset after each message.
final class DeflateInflater {
    /// Why a message could not be inflated.
    struct Failure: Error, Hashable, Sendable {
        var reason: String
    }

    private let decompressor: ZlibDecompressor
    private let resetsAfterEachMessage: Bool
    private var broken = false

    /// Creates an inflater.
    ///
    /// - Parameter noContextTakeover: whether the sender resets its window after each message.
    init(noContextTakeover: Bool) throws {
        // A 2^15 window inflates whatever window size the sender negotiated (a larger window only costs memory).
        decompressor = try ZlibDecompressor(algorithm: .deflate, windowSize: 15)
        resetsAfterEachMessage = noContextTakeover
    }

    /// Inflates one whole message (the concatenated payloads of its frames).
    ///
    /// - Parameter limit: the largest inflated message accepted, so a small compressed frame cannot claim
    ///   unbounded memory (a compression bomb).
    func inflate(_ compressed: [UInt8], limit maxMessageSize: Int) throws -> [UInt8] {
        guard !broken else {
            throw Failure(reason: "an earlier message could not be inflated, so the shared window is lost")
        }
        var input = ByteBuffer(bytes: compressed)
        // RFC 7692 §7.2.2: the sender removed the trailing 0x00 0x00 0xFF 0xFF of a sync flush; put it back.
        input.writeBytes([0x00, 0x00, 0xFF, 0xFF])
        var output = ByteBuffer()
        output.reserveCapacity(max(256, compressed.count * 4))
        do {
            while true {
                do {
                    try decompressor.inflate(from: &input, to: &output)
                    break
                } catch let error as CompressNIOError where error == .bufferOverflow {
                    guard output.readableBytes < maxMessageSize else {
                        throw Failure(reason: "it inflates to more than \(maxMessageSize) bytes")
                    }
                    output.reserveCapacity(minimumWritableBytes: max(4096, output.readableBytes))
                } catch let error as CompressNIOError where error == .inputBufferOverflow {
                    break
                }
                if input.readableBytes == 0 { break }
            }
        } catch let failure as Failure {
            broken = true
            throw failure
        } catch {
            broken = true
            throw Failure(reason: "zlib reports \(error)")
        }
        if resetsAfterEachMessage { try? decompressor.reset() }
        return Array(output.readableBytesView)
    }
}
