import GatewireCore
import NIOCore
import NIOWebSocket

extension WebSocketFrame {
    /// A server frame for one of the connection's outbound items (servers never mask, RFC 6455 §5.1).
    init(_ outbound: MockConnection.Outbound, allocator: ByteBufferAllocator) {
        switch outbound {
        case .data(let opcode, let payload, let fin):
            self.init(
                fin: fin, opcode: WebSocketOpcode(encodedWebSocketOpcode: opcode.rawValue) ?? .text,
                data: allocator.buffer(bytes: payload))
        case .pong(let payload):
            self.init(fin: true, opcode: .pong, data: allocator.buffer(bytes: payload))
        case .close(let code, let reason):
            var buffer = allocator.buffer(capacity: 2 + reason.utf8.count)
            buffer.writeInteger(code)
            buffer.writeString(reason)
            self.init(fin: true, opcode: .connectionClose, data: buffer)
        case .drop:
            self.init(fin: true, opcode: .connectionClose, data: allocator.buffer(capacity: 0))
        }
    }
}
