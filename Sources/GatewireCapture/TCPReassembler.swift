public import GatewireCore

/// Reassembles every TCP connection in a capture into ordered byte streams, one state machine per connection.
public struct TCPReassembler: Sendable {
    /// The reassembler's limits.
    public struct Configuration: Hashable, Sendable {
        /// Out-of-order bytes kept per direction while waiting for a missing segment. 8 MiB holds several
        /// seconds of a busy connection's reordering; beyond it the missing range is reported as a gap and the
        /// buffered bytes are delivered, so a lost segment never holds memory for the rest of a long capture.
        public var maxBufferedBytesPerDirection: Int
        /// Out-of-order segments kept per direction, bounding the cost of inserting into the wait list.
        public var maxOutOfOrderSegmentsPerDirection: Int
        /// Connections tracked at once; further new connections are ignored and reported, so a capture of a
        /// port scan cannot exhaust memory.
        public var maxConnections: Int

        /// Creates a configuration; the defaults suit captures of hundreds of MB.
        public init(
            maxBufferedBytesPerDirection: Int = 8 << 20, maxOutOfOrderSegmentsPerDirection: Int = 4096,
            maxConnections: Int = 65_536
        ) {
            self.maxBufferedBytesPerDirection = maxBufferedBytesPerDirection
            self.maxOutOfOrderSegmentsPerDirection = maxOutOfOrderSegmentsPerDirection
            self.maxConnections = maxConnections
        }
    }

    /// Something that happened to one connection.
    public struct Event: Hashable, Sendable {
        /// Identifies one connection: a flow key, plus a generation number when the same addresses and ports are
        /// reused by a later connection.
        public var connection: ConnectionKey
        public var action: StateMachine.Action
        public var time: Timestamp
    }

    /// One TCP connection in a capture.
    public struct ConnectionKey: Hashable, Sendable {
        public var flow: FlowKey
        /// 0 for the first connection on these addresses and ports, then 1, 2, … when they are reused.
        public var generation: Int
    }

    private struct Tracked: Sendable {
        var generation: Int
        var machine: StateMachine
    }

    private let configuration: Configuration
    private var flows: [FlowKey: Tracked] = [:]
    private var generations: [FlowKey: Int] = [:]
    /// Connections ignored because `maxConnections` was reached.
    public private(set) var droppedConnections = 0

    /// Creates an empty reassembler.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Takes one captured segment.
    public mutating func receive(_ segment: TCPSegment, time: Timestamp) -> [Event] {
        let flow = FlowKey(source: segment.source, destination: segment.destination)
        let side = flow.side(of: segment.source)
        var events: [Event] = []
        if let existing = flows[flow], segment.flags.contains(.syn), !segment.flags.contains(.ack),
            existing.machine.clientInitialSequence.map({ $0 != segment.sequenceNumber }) ?? existing.machine.isClosed
        {
            // A new SYN on known addresses and ports: the old connection is over, a new one starts.
            events += finish(flow, time: time)
        }
        if flows[flow] == nil {
            guard flows.count < configuration.maxConnections else {
                droppedConnections += 1
                return events
            }
            let generation = generations[flow, default: -1] + 1
            generations[flow] = generation
            flows[flow] = Tracked(generation: generation, machine: StateMachine(configuration: configuration))
        }
        // One hash lookup for the rest: the state machine is mutated in place through the dictionary's storage.
        let index = flows.index(forKey: flow)!
        let generation = flows.values[index].generation
        let actions = flows.values[index].machine.receive(segment, from: side)
        let closed = flows.values[index].machine.isClosed
        let key = ConnectionKey(flow: flow, generation: generation)
        events.reserveCapacity(events.count + actions.count)
        for action in actions { events.append(Event(connection: key, action: action, time: time)) }
        if closed {
            flows.remove(at: index)
        }
        return events
    }

    /// Ends the capture: reports what every open connection still waits for, and forgets them.
    public mutating func finish(time: Timestamp) -> [Event] {
        var events: [Event] = []
        for flow in flows.keys.sorted(by: { ($0.lower, $0.higher) < ($1.lower, $1.higher) }) {
            events += finish(flow, time: time)
        }
        return events
    }

    private mutating func finish(_ flow: FlowKey, time: Timestamp) -> [Event] {
        guard var tracked = flows.removeValue(forKey: flow) else { return [] }
        let key = ConnectionKey(flow: flow, generation: tracked.generation)
        return tracked.machine.finish().map { Event(connection: key, action: $0, time: time) }
    }
}
