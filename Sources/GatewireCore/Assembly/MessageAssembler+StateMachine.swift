extension MessageAssembler {
    /// The framing rules of one direction of a connection: which frames may follow which, and when a message is
    /// complete.
    ///
    /// Sans-I/O: it takes one frame at a time and returns what happened as an action and the rules the frame broke,
    /// leaving the interpretation of payloads (inflating, UTF-8, close bodies) and the making of events to
    /// `MessageAssembler`.
    struct StateMachine {
        /// A message whose first frame has arrived but not its last.
        struct PartialMessage {
            var opcode: Opcode
            var compressed: Bool
            var payload: [UInt8]
            var frameCount: Int
            var largestFrameSize: Int
            /// For uncompressed text, how far the payload is known to be valid UTF-8; `nil` once it was found not to
            /// be, which has been reported.
            var validTextEnd: Int?
        }

        enum State {
            /// Between messages.
            case idle
            /// Collecting the frames of a fragmented message.
            case assembling(PartialMessage)
            /// Skipping the remaining frames of a message that grew too large, up to its final frame.
            case discarding(opcode: Opcode, frameCount: Int)
        }

        /// What a frame amounts to.
        enum Action: Hashable {
            /// A data message is complete; the payload is still compressed when `compressed` is set. For uncompressed
            /// text, `validTextEnd` is how far its UTF-8 was already checked, or `nil` when it was found invalid.
            case message(
                opcode: Opcode, payload: [UInt8], frameCount: Int, largestFrameSize: Int, compressed: Bool,
                validTextEnd: Int?)
            /// A ping or pong arrived.
            case control(opcode: Opcode, payload: [UInt8])
            /// A close frame arrived, with its unparsed body.
            case close(payload: [UInt8])
        }

        /// The sender of the frames this machine sees.
        let direction: Direction
        private(set) var state: State = .idle
        /// Whether this side has sent its close frame, after which it may send no data (RFC 6455 §5.5.1).
        private var sentClose = false
        /// Whether a masking violation was already reported: a peer that masks wrongly does so on every frame.
        private var reportedMasking = false

        init(direction: Direction) {
            self.direction = direction
        }

        /// Takes one frame and returns what it amounts to, when it completes something, and the rules it broke.
        mutating func receive(
            _ frame: Frame, configuration: MessageAssemblerConfiguration
        ) -> (action: Action?, violations: [Violation]) {
            var violations: [Violation] = []
            // RFC 6455 §5.1: a client masks every frame it sends; a server masks none.
            if configuration.checksMasking && !reportedMasking && frame.masked != (direction == .client) {
                violations.append(direction == .client ? .unmaskedClientFrame : .maskedServerFrame)
                reportedMasking = true
            }
            let action: Action?
            if frame.opcode.isControl {
                action = receiveControl(frame, violations: &violations)
            } else if sentClose {
                // RFC 6455 §5.5.1: after sending a close frame an endpoint sends no more data frames; the peer
                // discards them, and so does the assembler.
                violations.append(.frameAfterClose(frame.opcode))
                action = nil
            } else {
                action = receiveData(frame, configuration: configuration, violations: &violations)
            }
            return (action, violations)
        }

        /// Reports a message the connection ended in the middle of, and forgets it.
        mutating func end() -> Violation? {
            defer { state = .idle }
            guard case .assembling(let partial) = state else { return nil }
            return .incompleteMessage(partial.opcode, frames: partial.frameCount, size: partial.payload.count)
        }

        private mutating func receiveControl(_ frame: Frame, violations: inout [Violation]) -> Action {
            // RFC 7692 §6.1: permessage-deflate's RSV1 never applies to control frames; no extension we know
            // defines RSV2 or RSV3.
            let bits = Self.reservedBits(of: frame, allowingRSV1: false)
            if !bits.isEmpty {
                let context: Violation.ReservedBitContext = bits == ["RSV1"] ? .controlFrame : .notNegotiated
                violations.append(.reservedBitsSet(bits: bits, opcode: frame.opcode, context: context))
            }
            // RFC 6455 §5.5: control frames are never fragmented and carry at most 125 bytes. They may arrive
            // between the fragments of a data message (§5.4), which is why they never touch `state`.
            if !frame.fin { violations.append(.fragmentedControlFrame(frame.opcode)) }
            if frame.payload.count > 125 {
                violations.append(.controlFrameTooLarge(frame.opcode, size: frame.payload.count))
            }
            if frame.opcode == .close {
                sentClose = true
                return .close(payload: frame.payload)
            }
            return .control(opcode: frame.opcode, payload: frame.payload)
        }

        private mutating func receiveData(
            _ frame: Frame, configuration: MessageAssemblerConfiguration, violations: inout [Violation]
        ) -> Action? {
            var partial: PartialMessage
            switch (frame.opcode, state) {
            case (.continuation, .idle):
                // RFC 6455 §5.4: a continuation frame only ever continues a message that was started.
                violations.append(.unexpectedContinuation)
                return nil
            case (.continuation, .discarding(let opcode, let frameCount)):
                state = frame.fin ? .idle : .discarding(opcode: opcode, frameCount: frameCount + 1)
                return nil
            case (.continuation, .assembling(let open)):
                // Leave `state` so that `partial` holds the only reference to the payload and appending to it
                // does not copy the whole message each frame.
                state = .idle
                partial = open
                // RFC 7692 §6.1: RSV1 marks a compressed message on its first frame only.
                let bits = Self.reservedBits(of: frame, allowingRSV1: false)
                if !bits.isEmpty {
                    let compressing = configuration.permessageDeflate.contains(direction)
                    let context: Violation.ReservedBitContext =
                        compressing && bits == ["RSV1"] ? .continuationFrame : .notNegotiated
                    violations.append(.reservedBitsSet(bits: bits, opcode: frame.opcode, context: context))
                }
            default:
                // A text or binary frame starts a new message. RFC 6455 §5.4 forbids interleaving messages, so a
                // message still open is broken off.
                switch state {
                case .assembling(let open):
                    violations.append(
                        .expectedContinuation(
                            started: frame.opcode, openOpcode: open.opcode, openFrames: open.frameCount))
                case .discarding(let opcode, let frameCount):
                    violations.append(
                        .expectedContinuation(started: frame.opcode, openOpcode: opcode, openFrames: frameCount))
                case .idle:
                    break
                }
                state = .idle
                let compressing = configuration.permessageDeflate.contains(direction)
                let bits = Self.reservedBits(of: frame, allowingRSV1: compressing)
                if !bits.isEmpty {
                    violations.append(.reservedBitsSet(bits: bits, opcode: frame.opcode, context: .notNegotiated))
                }
                partial = PartialMessage(
                    opcode: frame.opcode, compressed: compressing && frame.rsv1, payload: [], frameCount: 0,
                    largestFrameSize: 0, validTextEnd: 0)
            }

            let size = partial.payload.count + frame.payload.count
            guard size <= configuration.maxMessageSize else {
                violations.append(.messageTooLarge(partial.opcode, size: size, limit: configuration.maxMessageSize))
                state = frame.fin ? .idle : .discarding(opcode: partial.opcode, frameCount: partial.frameCount + 1)
                return nil
            }
            if partial.payload.isEmpty {
                // A single-frame message, the common case, shares the frame's bytes instead of copying them.
                partial.payload = frame.payload
            } else {
                partial.payload += frame.payload
            }
            partial.frameCount += 1
            partial.largestFrameSize = max(partial.largestFrameSize, frame.payload.count)
            guard frame.fin else {
                // RFC 6455 §8.1: invalid text fails the connection as soon as it is seen, so an unfinished text
                // message is checked fragment by fragment (each byte once); its last fragment is checked on delivery.
                if partial.opcode == .text, !partial.compressed, let checked = partial.validTextEnd {
                    partial.validTextEnd = partial.payload.withUnsafeBufferPointer {
                        UTF8Validation.validPrefixEnd($0, from: checked)
                    }
                    if partial.validTextEnd == nil { violations.append(.invalidUTF8Text) }
                }
                state = .assembling(partial)
                return nil
            }
            return .message(
                opcode: partial.opcode, payload: partial.payload, frameCount: partial.frameCount,
                largestFrameSize: partial.largestFrameSize, compressed: partial.compressed,
                validTextEnd: partial.validTextEnd)
        }

        /// The names of the reserved bits set on a frame that no negotiated extension explains.
        private static func reservedBits(of frame: Frame, allowingRSV1: Bool) -> [String] {
            var bits: [String] = []
            if frame.rsv1 && !allowingRSV1 { bits.append("RSV1") }
            if frame.rsv2 { bits.append("RSV2") }
            if frame.rsv3 { bits.append("RSV3") }
            return bits
        }
    }
}
