extension FrameRelayHandler {
    /// Where the close handshake with one peer stands, and so what the relay may still read from it and write to it.
    ///
    /// Sans-I/O: the handler reports what happened (a frame or close frame read, a frame to write, a violation, the
    /// other side's transport ending) and performs the action it gets back. Whether a frame breaks RFC 6455 is not
    /// decided here but by the connection's `MessageAssembler`, the checker the mock and capture import use too.
    struct StateMachine: Hashable, Sendable {
        /// The close handshake with this peer (RFC 6455 §7.1).
        enum State: Hashable, Sendable {
            /// Frames flow both ways.
            case open
            /// A close frame went to the peer and its answer is awaited. `byProxy` when the proxy wrote its own
            /// close (the answer then ends here), not when it relayed the other side's (the answer is relayed back).
            case closeSent(byProxy: Bool)
            /// The peer's close frame arrived and was relayed; the other side's answer is still to be written.
            case closeReceived
            /// Close frames went both ways: the transport is closed once what was written has drained.
            case closed
            /// The peer broke the protocol: it got a close frame with the matching code unless it already had one,
            /// and its transport is closing. Nothing more is read from it.
            case failed
        }

        /// What to do with a close frame the peer sent, once it passed the checker.
        enum CloseReceipt: Hashable, Sendable {
            /// Relay it to the other side, which answers it.
            case relay
            /// Relay it: it answers the other side's close, so the handshake with this peer is complete and its
            /// transport is closed once drained.
            case relayAndCloseTransport
            /// It answers the proxy's own close: relay nothing, close the transport once drained.
            case closeTransport
        }

        /// What to do with a frame the other side sent, on its way to this peer.
        enum Delivery: Hashable, Sendable {
            /// Write it.
            case write
            /// Write it: it is the close that completes the handshake, so close the transport once drained.
            case writeAndCloseTransport
            /// Drop it: RFC 6455 §5.5.1, nothing follows a close frame, and nothing goes to a failed peer.
            case drop
        }

        /// What to do when the proxy itself wants to close this peer's connection.
        enum ClosingMove: Hashable, Sendable {
            /// Write the proxy's close frame and wait for the answer, at most the close timeout.
            case writeCloseAndAwaitAnswer
            /// Write the proxy's close frame: it answers the peer's, so close the transport once drained.
            case writeCloseAndCloseTransport
            /// A close already went out: wait for the answer, at most the close timeout.
            case awaitAnswer
            /// The handshake is over or the side failed: nothing to do.
            case none
        }

        /// What to do when the other side's transport ended.
        enum PartnerEnd: Hashable, Sendable {
            /// Close this transport once drained: the handshake was under way or done, or this side is failing.
            case closeTransport
            /// The other side vanished without a close handshake: tell this peer why with a close frame.
            case closeWithReason
        }

        /// Where the handshake stands.
        private(set) var state = State.open

        /// Whether frames from the peer are still read and relayed: until its close frame arrives or it fails.
        var readsFrames: Bool {
            switch state {
            case .open, .closeSent: true
            case .closeReceived, .closed, .failed: false
            }
        }

        /// Whether the peer sent a close frame, so that its transport ending is the end of a clean close.
        var peerClosed: Bool {
            state == .closeReceived || state == .closed
        }

        /// The peer sent a close frame that passed the checker.
        mutating func receivedClose() -> CloseReceipt {
            switch state {
            case .closeSent(let byProxy):
                state = .closed
                return byProxy ? .closeTransport : .relayAndCloseTransport
            case .open, .closeReceived, .closed, .failed:
                // Only `.open` can get here (the handler reads nothing in the other states).
                state = .closeReceived
                return .relay
            }
        }

        /// A frame from the other side is to be written to this peer.
        ///
        /// - Parameter isClose: whether it is a close frame.
        /// Whether data frames may still be written to this peer.
        var acceptsData: Bool {
            switch state {
            case .open, .closeReceived: true
            case .closeSent, .closed, .failed: false
            }
        }

        mutating func deliver(isClose: Bool) -> Delivery {
            switch state {
            case .open:
                if isClose { state = .closeSent(byProxy: false) }
                return .write
            case .closeReceived:
                guard isClose else { return .write }
                state = .closed
                return .writeAndCloseTransport
            case .closeSent, .closed, .failed:
                return .drop
            }
        }

        /// The proxy closes this peer's connection itself (shutdown, or the other side failed or vanished).
        mutating func initiateClose() -> ClosingMove {
            switch state {
            case .open:
                state = .closeSent(byProxy: true)
                return .writeCloseAndAwaitAnswer
            case .closeReceived:
                state = .closed
                return .writeCloseAndCloseTransport
            case .closeSent:
                return .awaitAnswer
            case .closed, .failed:
                return .none
            }
        }

        /// The peer broke the protocol (RFC 6455 §7.1.7: fail the connection).
        ///
        /// - Returns: whether a close frame with the violation's code is to be written first; not when one already
        ///   went out (RFC 6455 §5.5.1: nothing follows it), or the side already failed.
        mutating func fail() -> Bool {
            defer { state = .failed }
            switch state {
            case .open, .closeReceived: return true
            case .closeSent, .closed, .failed: return false
            }
        }

        /// The other side's transport ended.
        ///
        /// - Parameter cleanly: whether that side's peer had sent its close frame.
        mutating func partnerEnded(cleanly: Bool) -> PartnerEnd {
            switch state {
            case .open, .closeReceived: cleanly ? .closeTransport : .closeWithReason
            case .closeSent, .closed, .failed: .closeTransport
            }
        }
    }
}
