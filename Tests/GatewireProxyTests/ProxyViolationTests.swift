import Foundation
import GatewireCore
import GatewireProxy
import GatewireTestSupport
import Testing

/// A peer that breaks RFC 6455, played by a raw socket where a library would refuse to misbehave: the proxy fails
/// that peer with the code RFC 6455 prescribes, closes the other side with a close frame of its own, delivers what
/// was relayed before, records an `error` event, and both TCP connections end within 2 s, however early the bad
/// frame comes (even in the TCP segment of the upstream's 101, before the relay is joined).
@Suite(.serialized, .timeLimit(.minutes(5))) struct ProxyViolationTests {
    /// Valid frames sent before the bad one, which must still arrive: a text and a binary message.
    static let earlyPayloads: [(UInt8, [UInt8])] = [(0x81, Array("early".utf8)), (0x82, [1, 2])]
    static let earlyFrames: [[String]] = [["1", "6561726c79"], ["2", "0102"]]
    /// The most the proxy may take to end both connections after a violation.
    static let bound = 2.0

    @Test(
        "an upstream violation reaches the upstream as its close code and the client as 1014, after the earlier frames",
        arguments: MalformedFrame.fromUpstreamSide, UpstreamTiming.allCases)
    func upstreamViolation(_ malformed: MalformedFrame, timing: UpstreamTiming) async throws {
        let early = Self.earlyPayloads.flatMap { RawFrame.bytes(firstByte: $0.0, payload: $0.1, masked: false) }
        let (upstream, upstreamPort) = try await PeerProcess.startServer(
            "raw_upstream.py", [RawFrame.hex(early + (malformed.fromUpstream ?? [])), "--send-on", timing.rawValue])
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort) { $0.maxFrameSize = 1024 }
        let trigger = timing == .firstFrame ? RawFrame.bytes(firstByte: 0x81, payload: Array("go".utf8)) : []
        let client = try await PeerProcess.runClient(
            "raw_client.py", ["\(proxy.port)", RawFrame.hex(trigger), "--timeout", "5"])
        #expect(client["status"] as? Int == 101)
        #expect(Self.frames(client).prefix(2) == Self.earlyFrames[...], "\(client)")
        // The client did nothing wrong: 1014 (bad gateway, IANA-registered) rather than a code that blames it.
        #expect(client["close_code"] as? Int == 1014, "\(client)")
        #expect(client["close_reason"] as? String == "upstream broke the protocol")
        let pause = timing == .pause ? 0.5 : 0
        #expect(((client["eof_after"] as? Double) ?? .infinity) - pause < Self.bound, "\(client)")

        let seen = try await Self.connections(of: upstream, count: 1)
        #expect(seen.first?["close"] as? Int == malformed.closeCode, "\(seen)")
        #expect(((seen.first?["eof_after"] as? Double) ?? .infinity) < Self.bound, "\(seen)")

        let error = await proxy.waitForEvent { $0.errorCode == malformed.errorCode }
        guard case .error(let event) = error else {
            Issue.record("no \(malformed.errorCode) error event in \(proxy.events)")
            await proxy.stop()
            return
        }
        #expect(event.side == .server)
        #expect(event.closeCode.map(Int.init) == malformed.closeCode)
        await proxy.stop()
    }

    @Test(
        "a client violation reaches the client as its close code and the upstream as 1001, after the earlier frames",
        arguments: MalformedFrame.fromClientSide)
    func clientViolation(_ malformed: MalformedFrame) async throws {
        let early = Self.earlyPayloads.flatMap { RawFrame.bytes(firstByte: $0.0, payload: $0.1) }
        let (upstream, upstreamPort) = try await PeerProcess.startServer("raw_upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort) { $0.maxFrameSize = 1024 }
        let client = try await PeerProcess.runClient(
            "raw_client.py", ["\(proxy.port)", RawFrame.hex(early + (malformed.fromClient ?? [])), "--timeout", "5"])
        #expect(client["status"] as? Int == 101)
        #expect(client["close_code"] as? Int == malformed.closeCode, "\(client)")
        #expect(((client["eof_after"] as? Double) ?? .infinity) < Self.bound, "\(client)")

        let seen = try await Self.connections(of: upstream, count: 1)
        #expect(Self.frames(seen.first ?? [:]).prefix(2) == Self.earlyFrames[...], "\(seen)")
        // The upstream did nothing wrong: its client, the proxy, goes away (1001).
        #expect(seen.first?["close"] as? Int == 1001, "\(seen)")
        #expect(((seen.first?["eof_after"] as? Double) ?? .infinity) < Self.bound, "\(seen)")

        let error = await proxy.waitForEvent { $0.errorCode == malformed.errorCode }
        guard case .error(let event) = error else {
            Issue.record("no \(malformed.errorCode) error event in \(proxy.events)")
            await proxy.stop()
            return
        }
        #expect(event.side == .client)
        #expect(event.closeCode.map(Int.init) == malformed.closeCode)
        await proxy.stop()
    }

    @Test("a violation on one connection leaves the proxy's other connections alone")
    func bystander() async throws {
        let malformed = try #require(MalformedFrame.all.first { $0.name == "invalid UTF-8" })
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let script = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                ["text": "one"], ["recv": 1], ["sleep": 0.8], ["text": "two"], ["recv": 1], ["close": 1000],
            ]), as: UTF8.self)
        async let bystander = PeerProcess.runClient("client.py", [proxy.url + "/", script])
        try await Task.sleep(for: .milliseconds(300))
        let result = try await PeerProcess.runClient(
            "raw_client.py", ["\(proxy.port)", RawFrame.hex(malformed.fromClient ?? [])])
        #expect(result["close_code"] as? Int == malformed.closeCode)
        let other = try await bystander
        #expect((other["received"] as? [[String: Any]])?.count == 2)
        #expect(other["close_code"] as? Int == 1000)
        await proxy.stop()
    }

    @Test("200 seeded random upstream violations leave no connection open")
    func randomUpstreamViolations() async throws {
        var generator = SeededGenerator(seed: 0x6A7E_0001)
        let runs = (0..<200).map { _ in RandomViolation(from: .server, using: &generator) }
        let (upstream, upstreamPort) = try await PeerProcess.startServer("raw_upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort) { $0.maxFrameSize = 1024 }
        let results = try await Self.run(runs) { index, run in
            let trigger = run.timing == .firstFrame ? RawFrame.bytes(firstByte: 0x81, payload: [0x67]) : []
            let path =
                "/random?id=\(index)&send=\(RawFrame.hex(run.bytes))&on=\(run.timing.rawValue)&pause=\(run.pause)"
            return try await PeerProcess.runClient(
                "raw_client.py", ["\(proxy.port)", RawFrame.hex(trigger), "--path", path, "--timeout", "5"])
        }
        for (index, (run, client)) in zip(runs, results).enumerated() {
            #expect(client["close_code"] as? Int == 1014, "run \(index), \(run.name): \(client)")
            #expect(Self.frames(client).count >= run.earlyCount, "run \(index), \(run.name): \(client)")
            let eof = (client["eof_after"] as? Double) ?? .infinity
            #expect(eof - (run.timing == .pause ? run.pause : 0) < Self.bound, "run \(index), \(run.name): \(client)")
        }
        let seen = try await Self.connections(of: upstream, count: runs.count)
        for connection in seen {
            let index = (connection["target"] as? String).flatMap(Self.runIndex) ?? -1
            let run = runs.indices.contains(index) ? runs[index] : nil
            #expect(connection["close"] as? Int == run?.closeCode, "run \(index), \(run?.name ?? "?"): \(connection)")
            #expect(((connection["eof_after"] as? Double) ?? .infinity) < Self.bound, "run \(index): \(connection)")
        }
        // One error that fails the upstream per run, and nothing blamed on a client.
        let failures = await proxy.waitForEvents(count: runs.count) {
            if case .error(let error) = $0 { error.closeCode != nil } else { false }
        }
        #expect(failures.count == runs.count)
        #expect(failures.allSatisfy { if case .error(let error) = $0 { error.side == .server } else { false } })
        await proxy.stop()
    }

    @Test("200 seeded random client violations leave no connection open")
    func randomClientViolations() async throws {
        var generator = SeededGenerator(seed: 0x6A7E_0002)
        let runs = (0..<200).map { _ in RandomViolation(from: .client, using: &generator) }
        let (upstream, upstreamPort) = try await PeerProcess.startServer("raw_upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort) { $0.maxFrameSize = 1024 }
        let results = try await Self.run(runs) { index, run in
            try await PeerProcess.runClient(
                "raw_client.py",
                ["\(proxy.port)", RawFrame.hex(run.bytes), "--path", "/random?id=\(index)", "--timeout", "5"])
        }
        for (index, (run, client)) in zip(runs, results).enumerated() {
            #expect(client["close_code"] as? Int == run.closeCode, "run \(index), \(run.name): \(client)")
            #expect(
                ((client["eof_after"] as? Double) ?? .infinity) < Self.bound, "run \(index), \(run.name): \(client)")
        }
        let seen = try await Self.connections(of: upstream, count: runs.count)
        for connection in seen {
            let index = (connection["target"] as? String).flatMap(Self.runIndex) ?? -1
            let run = runs.indices.contains(index) ? runs[index] : nil
            #expect(connection["close"] as? Int == 1001, "run \(index): \(connection)")
            #expect(Self.frames(connection).count >= run?.earlyCount ?? 0, "run \(index): \(connection)")
            #expect(((connection["eof_after"] as? Double) ?? .infinity) < Self.bound, "run \(index): \(connection)")
        }
        await proxy.stop()
    }

    // MARK: Helpers

    /// Runs one client per random violation, eight at a time, and returns their results in order.
    private static func run(
        _ runs: [RandomViolation],
        _ body: @escaping @Sendable (Int, RandomViolation) async throws -> [String: Any]
    ) async throws -> [[String: Any]] {
        var results = [[String: Any]](repeating: [:], count: runs.count)
        var next = 0
        // Results cross tasks as JSON: `[String: Any]` is not Sendable.
        try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            func start() {
                guard next < runs.count else { return }
                let index = next
                let run = runs[index]
                next += 1
                group.addTask { (index, try JSONSerialization.data(withJSONObject: try await body(index, run))) }
            }
            for _ in 0..<8 { start() }
            while let (index, data) = try await group.next() {
                results[index] = (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
                start()
            }
        }
        return results
    }

    /// The `CONN` lines a `raw_upstream.py` printed, waiting up to 10 s for `count` of them.
    private static func connections(of upstream: ChildProcess, count: Int) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(10)
        var lines: [Substring] = []
        repeat {
            lines = upstream.standardOutput.split(separator: "\n").filter { $0.hasPrefix("CONN ") }
            if lines.count >= count { break }
            try await Task.sleep(for: .milliseconds(20))
        } while ContinuousClock.now < deadline
        #expect(lines.count == count, "\(upstream.standardOutput)")
        return lines.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.dropFirst(5).utf8)) as? [String: Any]
        }
    }

    /// The `[opcode, hex]` pairs of the frames a raw peer received, as strings.
    private static func frames(_ result: [String: Any]) -> [[String]] {
        ((result["frames"] as? [[Any]]) ?? []).map { $0.map { "\($0)" } }
    }

    private static func runIndex(_ target: String) -> Int? {
        URLComponents(string: target)?.queryItems?.first { $0.name == "id" }?.value.flatMap { Int($0) }
    }
}

/// One random violation for the seeded tests: valid frames, then a malformed frame from the table, sent at a random
/// time after the handshake.
struct RandomViolation: Sendable {
    var name: String
    var bytes: [UInt8]
    var earlyCount: Int
    var closeCode: Int
    var timing: UpstreamTiming
    var pause: Double

    init(from side: Direction, using generator: inout SeededGenerator) {
        let table = side == .client ? MalformedFrame.fromClientSide : MalformedFrame.fromUpstreamSide
        let malformed = table[Int.random(in: table.indices, using: &generator)]
        earlyCount = Int.random(in: 0...3, using: &generator)
        var early: [UInt8] = []
        for index in 0..<earlyCount {
            // A text, binary or ping frame of up to 300 bytes.
            let kind: UInt8 = [0x81, 0x82, 0x89][Int.random(in: 0...2, using: &generator)]
            let size =
                kind == 0x89 ? Int.random(in: 0...125, using: &generator) : Int.random(in: 0...300, using: &generator)
            let payload = (0..<size).map { UInt8(0x61 + ($0 + index) % 26) }
            early += RawFrame.bytes(firstByte: kind, payload: payload, masked: side == .client)
        }
        name = malformed.name
        bytes = early + ((side == .client ? malformed.fromClient : malformed.fromUpstream) ?? [])
        closeCode = malformed.closeCode
        timing = UpstreamTiming.allCases[Int.random(in: 0...2, using: &generator)]
        pause = Double(Int.random(in: 0...30, using: &generator)) / 100
    }
}
