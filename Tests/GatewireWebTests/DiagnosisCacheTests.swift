import Foundation
import GatewireCore
import Testing

@testable import GatewireWeb

@Suite struct DiagnosisCacheTests {
    private static let captures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("captures")

    private static func recording(_ name: String) throws -> Recording {
        try RecordingReader().read(Data(contentsOf: captures.appendingPathComponent("\(name)/session.jsonl")))
    }

    private static func report(_ cache: DiagnosisCache) throws -> DiagnosisReport {
        try JSONDecoder().decode(DiagnosisReport.self, from: cache.json().json)
    }

    @Test("updates that take the events a few at a time agree with one pass over them, across inputs")
    func incrementalAgreesWithOnePass() throws {
        let store = LiveEventStore()
        let cache = DiagnosisCache(store: store, configuration: DiagnosisConfiguration(), intervalMilliseconds: 0)
        for name in ["000-geoprocessing", "004-chat"] {
            let recording = try Self.recording(name)
            store.begin(.init(name: name, source: .proxy, routes: recording.header.api?.routeConfiguration))
            for start in stride(from: 0, to: recording.events.count, by: 3) {
                store.append(Array(recording.events[start..<min(start + 3, recording.events.count)]))
                _ = try Self.report(cache)
            }
        }
        let incremental = try Self.report(cache)
        let onePass = DiagnosisCache.report(store.snapshot(), configuration: DiagnosisConfiguration())
        #expect(incremental == onePass)
        #expect(incremental.missingSubscriptions.count == 1)
        #expect(incremental.routeProblems.count == 1)
        #expect(incremental.inputs.map(\.name) == ["000-geoprocessing", "004-chat"])
        #expect(cache.json().covers == store.latestSequence)
    }

    @Test("within the interval a cached report is served, but the end of the events is answered at once")
    func intervalAndEnd() throws {
        let store = LiveEventStore()
        let cache = DiagnosisCache(store: store, configuration: DiagnosisConfiguration(), intervalMilliseconds: 60_000)
        let recording = try Self.recording("004-chat")
        store.begin(.init(name: "live", source: .proxy, routes: recording.header.api?.routeConfiguration))
        store.append(Array(recording.events.prefix(2)))
        #expect(cache.json().covers == 2)
        store.append(Array(recording.events.dropFirst(2)))
        #expect(cache.json().covers == 2)
        store.finish()
        #expect(cache.json().covers == store.latestSequence)
    }

    @Test("once the store forgot many of the events it saw, the diagnosis starts over from the kept ones")
    func startsOverAfterForgetting() throws {
        let store = LiveEventStore(limits: .init(maxEvents: 8))
        let cache = DiagnosisCache(store: store, configuration: DiagnosisConfiguration(), intervalMilliseconds: 0)
        let recording = try Self.recording("000-geoprocessing")
        store.begin(.init(name: "live", source: .proxy, routes: recording.header.api?.routeConfiguration))
        store.append(Array(recording.events.prefix(8)))
        #expect(try Self.report(cache).summary.connections == 2)
        store.append(Array(recording.events.dropFirst(8)))
        let report = try Self.report(cache)
        #expect(report == DiagnosisCache.report(store.snapshot(), configuration: DiagnosisConfiguration()))
    }
}
