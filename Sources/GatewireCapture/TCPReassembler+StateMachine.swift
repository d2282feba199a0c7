extension TCPReassembler {
    /// The reassembly of one TCP connection, both directions, without I/O: segments in, ordered bytes out.
    ///
    /// Sequence numbers are compared as signed 32-bit distances from the next expected byte, so wrap-around
    /// (RFC 9293 §3.4) needs no special case. Retransmitted bytes are dropped, overlapping segments are trimmed
    /// (the first copy wins, as in most TCP stacks and in Wireshark's default), and future segments wait until
    /// the bytes before them arrive, the receiver's ACK proves they were sent but not captured, the buffer limit
    /// is reached or the capture ends; a missing range then becomes an explicit `.gap`.
    public struct StateMachine: Sendable {
        /// What the caller should do after a segment.
        public enum Action: Hashable, Sendable {
            /// A SYN without ACK named the side that opened the connection.
            case opened(client: FlowKey.Side)
            /// In-order bytes for one direction.
            case deliver(FlowKey.Side, [UInt8])
            /// Bytes of one direction that are not in the capture.
            case gap(FlowKey.Side, TCPGap)
            /// One direction ended with FIN, in sequence.
            case finished(FlowKey.Side)
            /// The connection was reset by the side given.
            case reset(FlowKey.Side)
        }

        private struct Pending: Sendable {
            var sequence: UInt32
            var payload: [UInt8]
            var missing: Int
            var fin: Bool
            var length: Int { payload.count + missing }
        }

        private struct HalfStream: Sendable {
            var next: UInt32?
            var pending: [Pending] = []
            var pendingBytes = 0
            var initialSequence: UInt32?
            var ended = false
        }

        private let configuration: Configuration
        private var lower = HalfStream()
        private var higher = HalfStream()
        /// The side that sent the first SYN, once seen.
        public private(set) var client: FlowKey.Side?
        /// Whether both directions have ended (FIN or RST).
        public var isClosed: Bool { lower.ended && higher.ended }

        /// Creates the state for a new connection.
        public init(configuration: Configuration = Configuration()) {
            self.configuration = configuration
        }

        /// The initial sequence number the client used, when its SYN was seen; a SYN with another one on the same
        /// addresses and ports is a new connection.
        public var clientInitialSequence: UInt32? {
            client.flatMap { self[$0].initialSequence }
        }

        private subscript(side: FlowKey.Side) -> HalfStream {
            get { side == .lower ? lower : higher }
            // Yields the stored half in place, so `self[side].pending.removeFirst()` does not copy the array.
            _modify {
                if side == .lower { yield &lower } else { yield &higher }
            }
        }

        /// Takes one segment sent by `side`.
        public mutating func receive(_ segment: TCPSegment, from side: FlowKey.Side) -> [Action] {
            var actions: [Action] = []
            if segment.flags.contains(.rst) {
                // A reset ends both directions at once: whatever is still waiting will never be completed.
                flushAll(into: &actions)
                if !(lower.ended && higher.ended) { actions.append(.reset(side)) }
                lower.ended = true
                higher.ended = true
                return actions
            }
            var start = segment.sequenceNumber
            if segment.flags.contains(.syn) {
                if !segment.flags.contains(.ack), client == nil {
                    client = side
                    actions.append(.opened(client: side))
                }
                self[side].initialSequence = segment.sequenceNumber
                // The SYN occupies one sequence number; data (TCP Fast Open) follows it.
                start &+= 1
                if self[side].next == nil { self[side].next = start }
            }
            if segment.flags.contains(.ack) {
                acknowledge(segment.acknowledgmentNumber, of: side.opposite, into: &actions)
            }
            let fin = segment.flags.contains(.fin)
            guard !segment.payload.isEmpty || segment.missingPayloadBytes > 0 || fin, !self[side].ended else {
                return actions
            }
            if self[side].next == nil {
                // No SYN seen: the capture started mid-connection, and this is where the stream begins for us.
                self[side].next = start
            }
            if !fin, segment.missingPayloadBytes == 0, self[side].next == start, self[side].pending.isEmpty {
                // The common case, in order with nothing waiting: the bytes go straight out.
                actions.append(.deliver(side, segment.payload))
                self[side].next = start &+ UInt32(truncatingIfNeeded: segment.payload.count)
                return actions
            }
            let piece = Pending(
                sequence: start, payload: segment.payload, missing: segment.missingPayloadBytes, fin: fin)
            if distance(from: self[side].next!, to: start) > 0 {
                buffer(piece, side: side, into: &actions)
            } else {
                apply(piece, side: side, into: &actions)
                drain(side, into: &actions)
            }
            return actions
        }

        /// Ends the capture: whatever waits behind a missing range is delivered after reporting the gap.
        public mutating func finish() -> [Action] {
            var actions: [Action] = []
            flushAll(into: &actions)
            return actions
        }

        private func distance(from base: UInt32, to sequence: UInt32) -> Int {
            Int(Int32(bitPattern: sequence &- base))
        }

        private mutating func buffer(_ piece: Pending, side: FlowKey.Side, into actions: inout [Action]) {
            var half = self[side]
            let base = half.next!
            let offset = distance(from: base, to: piece.sequence)
            let index = half.pending.firstIndex { distance(from: base, to: $0.sequence) > offset } ?? half.pending.count
            half.pending.insert(piece, at: index)
            half.pendingBytes += piece.payload.count
            self[side] = half
            while self[side].pendingBytes > configuration.maxBufferedBytesPerDirection
                || self[side].pending.count > configuration.maxOutOfOrderSegmentsPerDirection
            {
                skipToFirstPending(side, reason: .bufferLimit, into: &actions)
                drain(side, into: &actions)
            }
        }

        /// Delivers a piece that starts at or before the next expected byte, trimming what was already delivered.
        private mutating func apply(_ piece: Pending, side: FlowKey.Side, into actions: inout [Action]) {
            var half = self[side]
            guard let next = half.next else { return }
            var trim = -distance(from: next, to: piece.sequence)
            var payload = piece.payload
            var missing = piece.missing
            if trim >= piece.length {
                // A pure retransmission, except that a FIN may come with it.
                if piece.fin, trim == piece.length { finish(side, half: &half, into: &actions) }
                self[side] = half
                return
            }
            if trim > 0 {
                let fromPayload = min(trim, payload.count)
                payload.removeFirst(fromPayload)
                trim -= fromPayload
                missing -= trim
            }
            if !payload.isEmpty { actions.append(.deliver(side, payload)) }
            if missing > 0 { actions.append(.gap(side, TCPGap(byteCount: missing, reason: .truncatedPacket))) }
            half.next = next &+ UInt32(truncatingIfNeeded: payload.count + missing)
            if piece.fin { finish(side, half: &half, into: &actions) }
            self[side] = half
        }

        private func finish(_ side: FlowKey.Side, half: inout HalfStream, into actions: inout [Action]) {
            guard !half.ended else { return }
            half.ended = true
            half.next = half.next.map { $0 &+ 1 }
            actions.append(.finished(side))
        }

        private mutating func drain(_ side: FlowKey.Side, into actions: inout [Action]) {
            while let first = self[side].pending.first, let next = self[side].next,
                distance(from: next, to: first.sequence) <= 0
            {
                self[side].pending.removeFirst()
                self[side].pendingBytes -= first.payload.count
                apply(first, side: side, into: &actions)
            }
        }

        /// Reports the bytes between the next expected one and the first buffered segment as a gap, and moves on.
        private mutating func skipToFirstPending(
            _ side: FlowKey.Side, reason: TCPGap.Reason, into actions: inout [Action]
        ) {
            guard let first = self[side].pending.first, let next = self[side].next else { return }
            let missing = distance(from: next, to: first.sequence)
            if missing > 0 {
                actions.append(.gap(side, TCPGap(byteCount: missing, reason: reason)))
                self[side].next = first.sequence
            }
        }

        /// The peer acknowledged bytes the capture never showed: they were sent, so waiting for them is pointless.
        private mutating func acknowledge(_ acknowledgment: UInt32, of side: FlowKey.Side, into actions: inout [Action])
        {
            guard let next = self[side].next, let first = self[side].pending.first,
                distance(from: next, to: acknowledgment) > 0,
                distance(from: first.sequence, to: acknowledgment) >= 0
            else { return }
            skipToFirstPending(side, reason: .missingSegments, into: &actions)
            drain(side, into: &actions)
        }

        private mutating func flushAll(into actions: inout [Action]) {
            for side in [FlowKey.Side.lower, .higher] {
                while !self[side].pending.isEmpty {
                    skipToFirstPending(side, reason: .missingSegments, into: &actions)
                    drain(side, into: &actions)
                }
            }
        }
    }
}
