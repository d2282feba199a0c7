import GatewireCore
import GatewireWebSocketSupport
import NIOCore
import NIOWebSocket
import Testing

@Suite("WebSocketMasking")
struct WebSocketMaskingTests {
    /// Every length around the eight-byte stride, with every key offset, against NIOWebSocket's own unmasking.
    @Test("matches NIOWebSocket's byte-by-byte unmasking for every length and offset", arguments: [0, 1, 2, 3])
    func matchesNIO(offset: Int) {
        var generator = SystemRandomNumberGenerator()
        for length in 0...70 {
            let key = WebSocketMaskingKey.random(using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var expected = ByteBuffer(bytes: bytes)
            expected.webSocketUnmask(key, indexOffset: offset)
            var actual = [UInt8](repeating: 0, count: length)
            bytes.withUnsafeBytes { source in
                actual.withUnsafeMutableBytes { WebSocketMasking.apply(key, indexOffset: offset, from: source, to: $0) }
            }
            #expect(actual == Array(expected.readableBytesView), "length \(length)")
        }
    }

    @Test("masking twice gives the original bytes back, as an array and as a buffer")
    func roundTrip() {
        let key = WebSocketMaskingKey([0x37, 0xFA, 0x21, 0x3D])!
        let original = ByteBuffer(string: "Hello, a message longer than one eight-byte word")
        let masked = WebSocketMasking.applied(key, to: original, allocator: ByteBufferAllocator())
        #expect(masked != original)
        #expect(WebSocketMasking.applied(key, to: masked) == Array(original.readableBytesView))
    }

    /// RFC 6455 §5.7: "Hello" masked with 37 fa 21 3d is 7f 9f 4d 51 58.
    @Test("unmasks RFC 6455's single-frame masked example")
    func rfcExample() {
        let key = WebSocketMaskingKey([0x37, 0xFA, 0x21, 0x3D])!
        let frame = WebSocketFrame(
            fin: true, opcode: .text, maskKey: key, data: ByteBuffer(bytes: [0x7F, 0x9F, 0x4D, 0x51, 0x58]))
        #expect(String(buffer: frame.applicationPayload) == "Hello")
        let core = Frame(frame)
        #expect(core?.payload == Array("Hello".utf8))
        #expect(core?.masked == true)
        #expect(core?.opcode == .text)
    }

    @Test("an unmasked frame keeps its bytes; a reserved opcode has no Core frame")
    func unmaskedAndReserved() throws {
        let frame = WebSocketFrame(fin: false, opcode: .binary, data: ByteBuffer(bytes: [1, 2, 3]))
        let core = try #require(Frame(frame))
        #expect(core.payload == [1, 2, 3])
        #expect(!core.fin && !core.masked && core.opcode == .binary)
        let reserved = WebSocketFrame(
            fin: true, opcode: WebSocketOpcode(encodedWebSocketOpcode: 3)!, data: ByteBuffer())
        #expect(Frame(reserved) == nil)
    }
}
