import FuzzSupport
import GatewireCapture
import GatewireCore

private let client = Endpoint(address: .v4(0x7F00_0001), port: 50_000)
private let server = Endpoint(address: .v4(0x7F00_0001), port: 8080)
private let request = Array(
    ("GET /prod?token=a+b HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)
private let response = Array(
    ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n").utf8)
private let deflate = Array("Sec-WebSocket-Extensions: permessage-deflate\r\n".utf8)

/// libFuzzer's entry point: the WebSocket frame path of capture import (stream decoding, NIOWebSocket's frame
/// decoder, resynchronisation after gaps, message assembly, permessage-deflate).
///
/// The first byte picks the opening: bit 0 a captured handshake (else the capture starts mid-connection), bit 1
/// permessage-deflate in the response. The rest is a list of chunks, each a control byte and up to 64 bytes:
/// bit 7 of the control byte says which side sends (set: server), bit 6 leaves a gap of one byte before the chunk,
/// the low six bits plus one are the chunk's length.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = FuzzInput(start, count).bytes
    guard let opening = bytes.first else { return 0 }
    let importer = CaptureImporter()
    var events: [SessionEvent] = []
    var sequence: [Bool: UInt32] = [false: 1000, true: 900_000]
    var time: Int64 = 1_700_000_000_000_000
    func send(_ payload: [UInt8], fromServer: Bool, skipping skipped: UInt32 = 0) {
        let seq = sequence[fromServer]! &+ skipped
        sequence[fromServer] = seq &+ UInt32(payload.count)
        let segment = TCPSegment(
            source: fromServer ? server : client, destination: fromServer ? client : server, sequenceNumber: seq,
            flags: [.ack, .psh], payload: payload)
        time += 1000
        events += importer.receive(segment, time: Timestamp(microsecondsSinceEpoch: time))
    }
    if opening & 1 != 0 {
        send(request, fromServer: false)
        send(response + (opening & 2 != 0 ? deflate : []) + Array("\r\n".utf8), fromServer: true)
    }
    var index = 1
    while index < bytes.count {
        let control = bytes[index]
        let length = Int(control & 0x3F) + 1
        let chunk = Array(bytes[(index + 1)..<min(bytes.count, index + 1 + length)])
        send(chunk, fromServer: control & 0x80 != 0, skipping: control & 0x40 != 0 ? 1 : 0)
        index += 1 + length
    }
    events += importer.finish(time: Timestamp(microsecondsSinceEpoch: time + 1000))
    SessionEventConsumers.consume(events, source: .capture)
    return 0
}
