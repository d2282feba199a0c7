import GatewireCore

extension FrameRelayHandler {
    /// The rules one side of a relayed connection must follow, checked frame by frame, and where its close handshake
    /// stands. Sans-I/O: the handler feeds it frames and performs the action it returns.
    ///
    /// Every check cites the RFC 6455 rule it enforces. A frame that breaks one is never forwarded: the side that
    /// sent it is failed with the matching close code and the other side is closed cleanly.
    struct StateMachine: Sendable {
        /// A broken rule: what to record and which close code fails the offending side.
        struct Violation: Hashable, Sendable {
            /// A stable kebab-case code for the `error` event, the same as `MessageAssembler`'s for the same rule
            /// (`unmasked-client-frame`, `invalid-utf8-text`, …) plus `unknown-opcode`, which Core cannot represent.
            var code: String
            /// One sentence for a person.
            var message: String
            /// The close code sent to the side that broke the rule (1002, 1007 or 1009).
            var closeCode: UInt16
        }

        /// What to do with a frame received from this side.
        enum FrameAction: Hashable, Sendable {
            /// Relay it to the other side unchanged (re-masked when it goes upstream).
            case forward
            /// Relay this close frame; the side has now started or answered the close handshake.
            case forwardClose
            /// The peer answered a close the proxy itself sent: record it, relay nothing.
            case consumeCloseReply
            /// Ignore it: RFC 6455 §5.5.1 says nothing may follow a close frame, so a peer that keeps sending after
            /// its close is not relayed.
            case drop
            /// Fail this side with the violation.
            case fail(Violation)
        }

        /// What the header and payload of a received frame say, independent of the codec.
        struct ReceivedFrame: Hashable, Sendable {
            var fin: Bool
            var rsv1: Bool
            var rsv2: Bool
            var rsv3: Bool
            /// The opcode's wire number, including reserved ones.
            var opcode: UInt8
            var masked: Bool
        }

        private enum Fragmentation: Hashable, Sendable {
            case none
            case text(UTF8Validator)
            case binary
        }

        /// The peer on this side: `.client` for the downstream connection, `.server` for the upstream one.
        let side: Direction
        private var fragmentation = Fragmentation.none
        /// The peer sent a close frame.
        private(set) var closeReceived = false
        /// A close frame was written to the peer (relayed, or the proxy's own).
        private(set) var closeSent = false
        /// The close sent to the peer was the proxy's own, so the peer's answer is not relayed.
        private(set) var proxyInitiatedClose = false
        /// A violation failed this side; nothing more is read from it.
        private(set) var failed = false

        /// Creates the rules for one side.
        init(side: Direction) {
            self.side = side
        }

        /// Whether the close handshake with this peer is complete in both directions.
        var closeHandshakeComplete: Bool { closeReceived && closeSent }

        /// Checks a frame received from this side.
        ///
        /// - Parameters:
        ///   - frame: the frame's header bits.
        ///   - payload: the unmasked payload bytes.
        mutating func received(_ frame: ReceivedFrame, payload: UnsafeRawBufferPointer) -> FrameAction {
            // RFC 6455 §5.5.1: after its close frame an endpoint sends no more data; anything else is not relayed.
            if failed || closeReceived { return .drop }
            if let violation = check(frame, payload: payload) {
                failed = true
                return .fail(violation)
            }
            guard frame.opcode == 0x8 else { return .forward }
            closeReceived = true
            return proxyInitiatedClose ? .consumeCloseReply : .forwardClose
        }

        /// Records that a decoder error failed this side (oversized or malformed frame header).
        mutating func decoderFailed() {
            failed = true
        }

        /// Whether a frame relayed from the other side may still be written to this peer; marks a close as sent.
        ///
        /// RFC 6455 §5.5.1: once a close frame has gone out, no further frames may follow it.
        mutating func mayWrite(opcode: UInt8) -> Bool {
            guard !closeSent else { return false }
            if opcode == 0x8 { closeSent = true }
            return true
        }

        /// Whether the proxy may send its own close frame to this peer; marks it as sent and proxy-initiated.
        mutating func mayInitiateClose() -> Bool {
            guard !closeSent else { return false }
            closeSent = true
            proxyInitiatedClose = !closeReceived
            return true
        }

        private mutating func check(_ frame: ReceivedFrame, payload: UnsafeRawBufferPointer) -> Violation? {
            // RFC 6455 §5.2: reserved bits must be 0 unless an extension defining them was negotiated. Gatewire does
            // not relay extension negotiation, so none is in force.
            if frame.rsv1 || frame.rsv2 || frame.rsv3 {
                return Violation(
                    code: "reserved-bits-set",
                    message: "\(side.rawValue) sent a frame with reserved bits set "
                        + "although no extension was negotiated", closeCode: 1002)
            }
            // RFC 6455 §5.2: opcodes 3–7 and 0xB–0xF are reserved; receiving one fails the connection.
            guard [0x0, 0x1, 0x2, 0x8, 0x9, 0xA].contains(frame.opcode) else {
                return Violation(
                    code: "unknown-opcode", message: "\(side.rawValue) sent reserved opcode \(frame.opcode)",
                    closeCode: 1002)
            }
            // RFC 6455 §5.1: a client masks every frame; a server masks none.
            if side == .client, !frame.masked {
                return Violation(
                    code: "unmasked-client-frame", message: "client sent an unmasked frame", closeCode: 1002)
            }
            if side == .server, frame.masked {
                return Violation(
                    code: "masked-server-frame", message: "server sent a masked frame", closeCode: 1002)
            }
            if frame.opcode & 0x8 != 0 {
                return checkControl(frame, payload: payload)
            }
            return checkData(frame, payload: payload)
        }

        private func checkControl(_ frame: ReceivedFrame, payload: UnsafeRawBufferPointer) -> Violation? {
            // RFC 6455 §5.5: control frames are never fragmented and carry at most 125 bytes.
            if !frame.fin {
                return Violation(
                    code: "fragmented-control-frame", message: "\(side.rawValue) sent a fragmented control frame",
                    closeCode: 1002)
            }
            if payload.count > 125 {
                return Violation(
                    code: "control-frame-too-large",
                    message: "\(side.rawValue) sent a control frame of \(payload.count) bytes (at most 125)",
                    closeCode: 1002)
            }
            guard frame.opcode == 0x8 else { return nil }
            // RFC 6455 §5.5.1: a close body is empty or a 2-byte code followed by UTF-8.
            if payload.count == 1 {
                return Violation(
                    code: "close-payload-too-short", message: "\(side.rawValue) sent a close frame with a 1-byte body",
                    closeCode: 1002)
            }
            guard payload.count >= 2 else { return nil }
            let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
            if !Self.isSendableCloseCode(code) {
                return Violation(
                    code: "invalid-close-code",
                    message: "\(side.rawValue) sent close code \(code), which may not "
                        + "appear on the wire", closeCode: 1002)
            }
            var validator = UTF8Validator()
            if !validator.feed(UnsafeRawBufferPointer(rebasing: payload[2...])) || !validator.isComplete {
                return Violation(
                    code: "invalid-utf8-close-reason",
                    message: "\(side.rawValue) sent a close reason that is not UTF-8",
                    closeCode: 1007)
            }
            return nil
        }

        private mutating func checkData(_ frame: ReceivedFrame, payload: UnsafeRawBufferPointer) -> Violation? {
            var validator: UTF8Validator?
            switch (frame.opcode, fragmentation) {
            case (0x0, .none):
                // RFC 6455 §5.4: a continuation frame only continues a message that was started.
                return Violation(
                    code: "unexpected-continuation",
                    message: "\(side.rawValue) sent a continuation frame with no message in progress",
                    closeCode: 1002)
            case (0x0, .text(let current)):
                validator = current
            case (0x0, .binary):
                validator = nil
            case (_, .text), (_, .binary):
                // RFC 6455 §5.4: fragments of one message are not interleaved with another data message.
                return Violation(
                    code: "expected-continuation",
                    message: "\(side.rawValue) started a new message before finishing a fragmented one",
                    closeCode: 1002)
            case (0x1, .none):
                validator = UTF8Validator()
            default:
                validator = nil
            }
            if var text = validator {
                // RFC 6455 §8.1: text must be valid UTF-8; fail as soon as it cannot become valid.
                guard text.feed(payload), !frame.fin || text.isComplete else {
                    return Violation(
                        code: "invalid-utf8-text", message: "\(side.rawValue) sent a text message that is not UTF-8",
                        closeCode: 1007)
                }
                fragmentation = frame.fin ? .none : .text(text)
            } else {
                fragmentation = frame.fin ? .none : .binary
            }
            return nil
        }

        /// RFC 6455 §7.4: codes a peer may put in a close frame. 1005, 1006 and 1015 are reserved for reporting
        /// and never sent; 1004 and 1016–2999 are unassigned; 1012–1014 are IANA-registered.
        static func isSendableCloseCode(_ code: UInt16) -> Bool {
            switch code {
            case 1000...1003, 1007...1014, 3000...4999: true
            default: false
            }
        }
    }
}
