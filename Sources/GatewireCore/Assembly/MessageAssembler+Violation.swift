extension MessageAssembler {
    /// A protocol violation (or a message the assembler could not deliver), with its stable code, the close code a
    /// conformant peer would answer with, and a sentence for a person.
    enum Violation: Hashable, Sendable {
        /// Why a reserved bit is not allowed where it was set.
        enum ReservedBitContext: Hashable, Sendable {
            /// No extension that gives the bit a meaning was negotiated.
            case notNegotiated
            /// permessage-deflate never compresses control frames.
            case controlFrame
            /// permessage-deflate marks only the first frame of a message.
            case continuationFrame
        }

        case unmaskedClientFrame
        case maskedServerFrame
        case unexpectedContinuation
        case expectedContinuation(started: Opcode, openOpcode: Opcode, openFrames: Int)
        case fragmentedControlFrame(Opcode)
        case controlFrameTooLarge(Opcode, size: Int)
        case reservedBitsSet(bits: [String], opcode: Opcode, context: ReservedBitContext)
        case frameAfterClose(Opcode)
        case messageTooLarge(Opcode, size: Int, limit: Int)
        case inflatedMessageTooLarge(Opcode, limit: Int)
        case invalidUTF8Text
        case closePayloadTooShort
        case invalidCloseCode(UInt16)
        case invalidUTF8CloseReason
        case inflaterUnavailable(Opcode, size: Int)
        case invalidCompressedData(String)
        case incompleteMessage(Opcode, frames: Int, size: Int)

        /// The stable kebab-case code of `ErrorEvent.code`.
        var code: String {
            switch self {
            case .unmaskedClientFrame: "unmasked-client-frame"
            case .maskedServerFrame: "masked-server-frame"
            case .unexpectedContinuation: "unexpected-continuation"
            case .expectedContinuation: "expected-continuation"
            // The same rules as the decoder's, so the same codes.
            case .fragmentedControlFrame: FrameHeaderViolation.fragmentedControlFrame.code
            case .controlFrameTooLarge: FrameHeaderViolation.controlFrameTooLarge.code
            case .reservedBitsSet: "reserved-bits-set"
            case .frameAfterClose: "frame-after-close"
            case .messageTooLarge, .inflatedMessageTooLarge: "message-too-large"
            case .invalidUTF8Text: "invalid-utf8-text"
            case .closePayloadTooShort: "close-payload-too-short"
            case .invalidCloseCode: "invalid-close-code"
            case .invalidUTF8CloseReason: "invalid-utf8-close-reason"
            case .inflaterUnavailable: "inflater-unavailable"
            case .invalidCompressedData: "invalid-compressed-data"
            case .incompleteMessage: "incomplete-message"
            }
        }

        /// The close code a conformant endpoint sends on seeing this, or `nil` when it is not the peer's fault.
        var closeCode: UInt16? {
            switch self {
            // RFC 6455 §7.4.1: 1002 is "protocol error", the answer to every framing rule broken.
            case .unmaskedClientFrame, .maskedServerFrame, .unexpectedContinuation, .expectedContinuation,
                .fragmentedControlFrame, .controlFrameTooLarge, .reservedBitsSet, .closePayloadTooShort,
                .invalidCloseCode:
                1002
            // 1007: "data within a message that was not consistent with the type of the message" (§7.4.1);
            // undecodable deflate data is the same kind of failure one layer down.
            case .invalidUTF8Text, .invalidUTF8CloseReason, .invalidCompressedData:
                1007
            // 1009: "a message that is too big for it to process"; API Gateway uses it for the same reason.
            case .messageTooLarge, .inflatedMessageTooLarge:
                1009
            // The peer already closed, our side lacks an inflater, or the transport ended: nothing to answer.
            case .frameAfterClose, .inflaterUnavailable, .incompleteMessage:
                nil
            }
        }

        /// One sentence for a person; `peer` is the side that sent the frame.
        func message(from peer: Direction) -> String {
            let who = "The \(peer.rawValue)"
            let whose = "The \(peer.rawValue)'s"
            switch self {
            case .unmaskedClientFrame:
                return "\(who) sent an unmasked frame; clients must mask every frame (RFC 6455 §5.1)."
            case .maskedServerFrame:
                return "\(who) sent a masked frame; servers must not mask frames (RFC 6455 §5.1)."
            case .unexpectedContinuation:
                return "\(who) sent a continuation frame with no fragmented message open (RFC 6455 §5.4); "
                    + "it was ignored."
            case .expectedContinuation(let started, let openOpcode, let openFrames):
                return "\(who) started a new \(started) message while a fragmented \(openOpcode) message "
                    + "(\(openFrames) frame\(openFrames == 1 ? "" : "s") so far) was unfinished (RFC 6455 §5.4); "
                    + "the unfinished message was dropped."
            case .fragmentedControlFrame(let opcode):
                return "\(who) sent a \(opcode) frame without FIN; control frames cannot be fragmented "
                    + "(RFC 6455 §5.5)."
            case .controlFrameTooLarge(let opcode, let size):
                return "\(who) sent a \(size)-byte \(opcode) frame; control frames carry at most 125 bytes "
                    + "(RFC 6455 §5.5)."
            case .reservedBitsSet(let bits, let opcode, let context):
                let bitList = bits.joined(separator: " and ")
                let why =
                    switch context {
                    case .notNegotiated:
                        "no extension that defines \(bits.count == 1 ? "it" : "them") was negotiated (RFC 6455 §5.2)"
                    case .controlFrame: "permessage-deflate never compresses control frames (RFC 7692 §6.1)"
                    case .continuationFrame: "permessage-deflate marks only a message's first frame (RFC 7692 §6.1)"
                    }
                return "\(who) sent a \(opcode) frame with \(bitList) set, but \(why)."
            case .frameAfterClose(let opcode):
                return "\(who) sent a \(opcode) frame after its close frame; no data may follow a close "
                    + "(RFC 6455 §5.5.1), so it was ignored."
            case .messageTooLarge(let opcode, let size, let limit):
                return "\(whose) \(opcode) message reached \(size) bytes, over the \(limit)-byte limit; "
                    + "it was dropped."
            case .inflatedMessageTooLarge(let opcode, let limit):
                return "\(whose) compressed \(opcode) message inflates to more than \(limit) bytes; it was dropped."
            case .invalidUTF8Text:
                return "\(whose) text message is not valid UTF-8 (RFC 6455 §8.1)."
            case .closePayloadTooShort:
                return "\(whose) close frame has a 1-byte body; a close body is empty or starts with a 2-byte code "
                    + "(RFC 6455 §5.5.1)."
            case .invalidCloseCode(let code):
                return "\(whose) close frame carries code \(code), which may not be sent in a close frame "
                    + "(RFC 6455 §7.4)."
            case .invalidUTF8CloseReason:
                return "\(whose) close reason is not valid UTF-8 (RFC 6455 §5.5.1)."
            case .inflaterUnavailable(let opcode, let size):
                return "\(whose) compressed \(opcode) message (\(size) bytes on the wire) could not be shown: "
                    + "no inflater is available."
            case .invalidCompressedData(let problem):
                return "\(whose) compressed message could not be inflated: \(problem)."
            case .incompleteMessage(let opcode, let frames, let size):
                return "The connection ended while the \(peer.rawValue)'s fragmented "
                    + "\(opcode) message was unfinished (\(frames) frame\(frames == 1 ? "" : "s"), "
                    + "\(size) bytes so far)."
            }
        }
    }
}
