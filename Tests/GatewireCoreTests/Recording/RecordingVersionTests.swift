import Foundation
import GatewireCore
import Testing

@Suite struct RecordingVersionTests {
    private func read(_ text: String, migrations: RecordingMigrations = .standard) throws -> Recording {
        try RecordingReader(migrations: migrations).read(Data(text.utf8))
    }

    private func header(_ fields: String) -> String {
        #"{"format":"gatewire-recording",\#(fields)}"# + "\n"
    }

    @Test("a newer version is refused with both versions named")
    func newer() throws {
        let error = try #require(throws: RecordingError.self) {
            try read(
                header(
                    #""version":7,"creator":{"name":"gatewire","version":"9.0"},"#
                        + #""startedAt":"2030-01-01T00:00:00Z","source":"proxy""#
                ))
        }
        #expect(error.code == .newerVersion)
        #expect(error.description == "line 1: recording version 7 is newer than this gatewire understands (1)")
    }

    @Test("an older version with no migration is refused and says which is the oldest readable")
    func olderWithoutMigration() throws {
        let error = try #require(throws: RecordingError.self) {
            try read(header(#""version":0,"startedAt":"2020-01-01T00:00:00Z""#))
        }
        #expect(error.code == .unsupportedVersion)
        #expect(
            error.description
                == "line 1: recording version 0 is older than any this gatewire can read (the oldest is 1)")
    }

    @Test(
        "inputs that are not recordings get errors that say why",
        arguments: [
            ("", RecordingError.Code.empty, "the recording is empty"),
            (" \n\r\n", .empty, "the recording is empty"),
            (
                "hello\n", .notARecording,
                "line 1: not a gatewire recording: the first line is not a header: not valid JSON"
            ),
            (
                "[1,2]\n", .notARecording,
                "line 1: not a gatewire recording: the first line is not a header: the line is not a JSON object"
            ),
            (
                #"{"type":"ping","time":"2024-08-01T19:37:55Z"}"# + "\n", .notARecording,
                "line 1: not a gatewire recording: the first line is a 'ping' event, "
                    + "but a recording starts with its header"
            ),
            (
                #"{"log":"x"}"# + "\n", .notARecording,
                "line 1: not a gatewire recording: the first line has no 'format' field"
            ),
            (
                #"{"format":"har","version":1}"# + "\n", .notARecording,
                "line 1: not a gatewire recording: its format is 'har', not 'gatewire-recording'"
            ),
            (
                #"{"format":"gatewire-recording"}"# + "\n", .invalidHeader,
                "line 1: invalid recording header: 'version' is missing"
            ),
            (
                #"{"format":"gatewire-recording","version":1.5}"# + "\n", .invalidHeader,
                "line 1: invalid recording header: 'version' must be a whole number, not 1.5"
            ),
            (
                #"{"format":"gatewire-recording","version":1,"creator":{"name":"x","version":"1"},"source":"proxy"}"#
                    + "\n",
                .invalidHeader, "line 1: invalid recording header: 'startedAt' is missing"
            ),
            (
                #"{"format":"gatewire-recording","version":1,"creator":{"name":"x"},"#
                    + #""startedAt":"2024-08-01T19:37:55Z","source":"proxy"}"#
                    + "\n", .invalidHeader, "line 1: invalid recording header: 'creator.version' is missing"
            ),
            (
                #"{"format":"gatewire-recording","version":1,"creator":{"na"#, .notARecording,
                "line 1: not a gatewire recording: "
                    + "the header line is cut off after 57 bytes (the writer stopped mid-line)"
            ),
        ])
    func notRecordings(input: String, code: RecordingError.Code, description: String) throws {
        let error = try #require(throws: RecordingError.self) { try read(input) }
        #expect(error.code == code)
        #expect(error.description == description)
    }

    @Test(
        "bad event fields are named in the error",
        arguments: [
            (
                #""time":"yesterday","connection":"c1","from":"client","opcode":"ping","text":"""#,
                "line 2: 'time': 'yesterday' is not an RFC 3339 timestamp"
            ),
            (
                #""time":"2024-08-01T19:37:55Z","connection":"c1","from":"both","opcode":"ping","text":"""#,
                "line 2: 'from': Cannot initialize Direction from invalid String value both"
            ),
            (
                #""time":"2024-08-01T19:37:55Z","connection":"c1","from":"client","opcode":"ping","#
                    + #""size":"9","text":"""#,
                "line 2: 'size' has the wrong type (expected a number)"
            ),
            (
                #""time":"2024-08-01T19:37:55Z","connection":"c1","from":"client","opcode":"ping","base64":"%%""#,
                "line 2: 'base64' is not valid base64"
            ),
            (
                #""time":"2024-08-01T19:37:55Z","connection":"c1","from":"client","opcode":"ping""#,
                "line 2: the payload is missing: expected 'text' or 'base64'"
            ),
            (
                #""time":"2024-08-01T19:37:55Z","connection":"c1","from":"client","opcode":"ping","#
                    + #""text":"","base64":"""#,
                "line 2: the payload is given twice: expected 'text' or 'base64', not both"
            ),
        ])
    func badControlFields(fields: String, description: String) throws {
        let text =
            String(decoding: try RecordingSamples.written([]), as: UTF8.self) + #"{"type":"control",\#(fields)}"#
            + "\n"
        let error = try #require(throws: RecordingError.self) { try read(text) }
        #expect(error.code == .invalidLine)
        #expect(error.description == description)
    }

    @Test(
        "numbers that do not fit their field are refused by name",
        arguments: [
            (
                #"{"type":"close","time":"2024-08-01T19:37:55Z","connection":"c1","code":70000,"reason":""}"#,
                "line 2: 'code' must be a whole number from 0 to 65535, not 70000"
            ),
            (
                #"{"type":"close","time":"2024-08-01T19:37:55Z","connection":"c1","code":"1000","reason":""}"#,
                "line 2: a close event's 'code' must be a number"
            ),
            (
                #"{"type":"error","time":"2024-08-01T19:37:55Z","code":1002,"message":"m"}"#,
                "line 2: an error event's 'code' must be a string"
            ),
            (
                #"{"type":"message","time":"2024-08-01T19:37:55Z","connection":"c1","from":"client","#
                    + #""opcode":"text","frames":-1,"text":""}"#,
                "line 2: 'frames' must be a whole number from 0 to 9223372036854775807, not -1"
            ),
            (
                #"{"type":"error","time":"2024-08-01T19:37:55Z","code":"x","message":"m","#
                    + #""findings":[{"code":"x","severity":"fatal","message":"m"}]}"#,
                "line 2: 'findings.[0].severity': Cannot initialize Severity from invalid String value fatal"
            ),
        ])
    func outOfRange(line: String, description: String) throws {
        let text = String(decoding: try RecordingSamples.written([]), as: UTF8.self) + line + "\n"
        let error = try #require(throws: RecordingError.self) { try read(text) }
        #expect(error.description == description)
    }

    /// A made-up version 0, used only to exercise the migration chain: it called the event type `kind`, the
    /// direction `direction`, and the header's start time `started`.
    private static let hypotheticalVersion0 = RecordingMigrations(steps: [
        .init(
            from: 0,
            migrateHeader: { header in
                header["startedAt"] = header.removeValue(forKey: "started")
                header["version"] = .number(1)
            },
            migrateEvent: { event in
                event["type"] = event.removeValue(forKey: "kind")
                if let direction = event.removeValue(forKey: "direction") { event["from"] = direction }
            })
    ])

    @Test("an older recording is migrated step by step and reads as current events")
    func migrates() throws {
        let text = """
            {"format":"gatewire-recording","version":0,"creator":{"name":"gatewire","version":"0.0.1"},\
            "started":"2024-08-01T19:37:55.612063Z","source":"capture"}
            {"kind":"control","time":"2024-08-01T19:37:55.620063Z","connection":"c1","direction":"client",\
            "opcode":"ping","size":9,"text":"keepalive"}
            {"kind":"close","time":"2024-08-01T19:37:55.623063Z","connection":"c2","reason":""}

            """
        let recording = try read(text, migrations: Self.hypotheticalVersion0)
        #expect(recording.version == 0)
        #expect(recording.header == RecordingSamples.bareHeader.with(creatorVersion: "0.0.1"))
        #expect(recording.events.count == 2)
        #expect(recording.events.first == RecordingSamples.ping)
        #expect(recording.events.last == RecordingSamples.closeWithoutFrame)
        #expect(recording.issues.isEmpty)
        #expect(Self.hypotheticalVersion0.oldestReadableVersion == 0)
        #expect(RecordingMigrations.standard.oldestReadableVersion == RecordingFormat.version)
    }

    @Test("a current recording passes through a migration chain untouched")
    func currentUntouched() throws {
        let recording = try RecordingReader(migrations: Self.hypotheticalVersion0).read(
            Data(RecordingSamples.written()))
        #expect(recording.events == RecordingSamples.all)
    }

    @Test("a failing migration step is reported with its line and versions")
    func failingStep() throws {
        struct Refused: Error, CustomStringConvertible {
            var description: String { "no direction" }
        }
        let strict = RecordingMigrations(steps: [
            .init(
                from: 0,
                migrateEvent: { event in
                    guard event["direction"] != nil else { throw Refused() }
                })
        ])
        let text = """
            {"format":"gatewire-recording","version":0,"creator":{"name":"g","version":"0"},\
            "startedAt":"2024-08-01T19:37:55Z","source":"proxy"}
            {"kind":"close","time":"2024-08-01T19:37:55Z","connection":"c2","reason":""}

            """
        let error = try #require(throws: RecordingError.self) { try read(text, migrations: strict) }
        #expect(error.code == .migrationFailed)
        #expect(error.description == "line 2: could not migrate from version 0 to 1: no direction")
    }
}

extension RecordingHeader {
    fileprivate func with(creatorVersion: String) -> RecordingHeader {
        var copy = self
        copy.creator.version = creatorVersion
        return copy
    }
}
