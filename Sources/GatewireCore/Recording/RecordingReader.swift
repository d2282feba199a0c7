public import Foundation

/// Reads a recording back into its header and events, migrating older versions and reporting what it skips.
///
/// The rules, specified in `docs/recording-format.md`:
/// - The first non-blank line is the header; it must say `"format": "gatewire-recording"` and a `version` this
///   build reads (newer → error; older → migrated through `RecordingMigrations`).
/// - Blank lines are ignored.
/// - A last line without a newline is what a writer killed mid-write leaves behind: if it does not decode it is
///   reported as `torn-last-line` and skipped; if it does, it is kept and reported as `missing-final-newline`.
/// - A line with an unknown event `type` is skipped and reported, because a newer writer may add event types.
/// - Any other bad line is an error naming its line number, unless `skipsMalformedLines` is set, in which case it
///   is skipped and reported: the strict default keeps corruption from passing silently, and the lenient mode
///   salvages what it can from a damaged file.
public struct RecordingReader: Sendable {
    /// Whether a malformed line in the middle is skipped (and reported) instead of failing the read.
    public var skipsMalformedLines: Bool
    /// The steps that bring older recordings up to the current version.
    public var migrations: RecordingMigrations

    /// Creates a reader.
    public init(skipsMalformedLines: Bool = false, migrations: RecordingMigrations = .standard) {
        self.skipsMalformedLines = skipsMalformedLines
        self.migrations = migrations
    }

    /// Reads everything a handle holds, from its current position to its end.
    ///
    /// - Throws: `RecordingError` as `read(_:)` does, or Foundation's error when the handle cannot be read.
    public func read(from handle: FileHandle) throws -> Recording {
        try read(handle.readToEnd() ?? Data())
    }

    /// Reads a whole recording from its bytes.
    ///
    /// - Throws: `RecordingError`: `.empty`, `.notARecording`, `.invalidHeader`, `.newerVersion`,
    ///   `.unsupportedVersion`, or `.invalidLine` / `.migrationFailed` with the line number.
    public func read(_ data: Data) throws -> Recording {
        let bytes = [UInt8](data)
        let lines = Self.lines(of: bytes).filter { !$0.isBlank(in: bytes) }
        guard let headerLine = lines.first else { throw RecordingError.empty }

        var issues: [RecordingIssue] = []
        let (header, version, plan) = try readHeader(headerLine, in: bytes, isOnlyLine: lines.count == 1)
        if !headerLine.terminated {
            issues.append(
                RecordingIssue(
                    line: headerLine.number, code: .missingFinalNewline,
                    message: "the header has no newline after it; the recording holds no events"))
        }

        var events: [SessionEvent] = []
        for line in lines.dropFirst() {
            let isLast = line.number == lines.last?.number
            let object = Data(bytes[line.range])
            do {
                let migrated = try migrate(object, through: plan, header: false)
                let (recorded, recordedSize) = try RecordedEvent.decode(migrated)
                if isLast && !line.terminated {
                    issues.append(
                        RecordingIssue(
                            line: line.number, code: .missingFinalNewline,
                            message: "the last line has no newline but is a complete event, so it was kept"))
                }
                if let issue = Self.sizeIssue(recorded.event, recordedSize: recordedSize, line: line.number) {
                    issues.append(issue)
                }
                events.append(recorded.event)
            } catch let error as RecordingError {
                if error.code == .unknownEventType {
                    issues.append(
                        RecordingIssue(
                            line: line.number, code: .unknownEventType,
                            message: "\(error.problem), probably from a newer gatewire; the line was skipped"))
                } else if isLast && !line.terminated {
                    issues.append(
                        RecordingIssue(
                            line: line.number, code: .tornLastLine,
                            message: "the last line is cut off after \(line.range.count) bytes (the writer stopped "
                                + "mid-line) and was skipped: \(error.problem)"))
                } else if skipsMalformedLines {
                    issues.append(
                        RecordingIssue(
                            line: line.number, code: .skippedLine,
                            message: "the line was skipped: \(error.problem)"))
                } else {
                    throw error.at(line: line.number)
                }
            }
        }
        return Recording(header: header, version: version, events: events, issues: issues)
    }

    private func readHeader(
        _ line: Line, in bytes: [UInt8], isOnlyLine: Bool
    ) throws -> (RecordingHeader, Int, [RecordingMigrations.Step]) {
        let object = Data(bytes[line.range])
        let identity: HeaderIdentity
        do {
            identity = try JSONDecoder().decode(HeaderIdentity.self, from: object)
        } catch let error as DecodingError {
            if !line.terminated && isOnlyLine {
                throw RecordingError.notARecording(
                    "the header line is cut off after \(line.range.count) bytes (the writer stopped mid-line)"
                ).at(line: line.number)
            }
            throw RecordingError.notARecording("the first line is not a header: \(error.recordingProblem(in: object))")
                .at(line: line.number)
        }
        guard let format = identity.format else {
            if let type = identity.type {
                throw RecordingError.notARecording(
                    "the first line is a '\(type)' event, but a recording starts with its header"
                ).at(line: line.number)
            }
            throw RecordingError.notARecording("the first line has no 'format' field").at(line: line.number)
        }
        guard format == RecordingFormat.name else {
            throw RecordingError.notARecording("its format is '\(format)', not '\(RecordingFormat.name)'")
                .at(line: line.number)
        }
        guard let rawVersion = identity.version else {
            throw RecordingError.invalidHeader("'version' is missing").at(line: line.number)
        }
        guard let version = Int(exactly: rawVersion) else {
            throw RecordingError.invalidHeader("'version' must be a whole number, not \(rawVersion.jsonText)")
                .at(line: line.number)
        }
        do {
            let plan = try migrations.plan(from: version)
            let header = try RecordingHeader(decoding: try migrate(object, through: plan, header: true))
            return (header, version, plan)
        } catch let error as RecordingError {
            throw error.at(line: line.number)
        }
    }

    /// Runs a line through the migration steps; a current-version line passes through untouched.
    private func migrate(_ object: Data, through plan: [RecordingMigrations.Step], header: Bool) throws -> Data {
        guard let first = plan.first else { return object }
        var value: RecordingMigrations.Object
        do {
            value = try JSONDecoder().decode(RecordingMigrations.Object.self, from: object)
        } catch let error as DecodingError {
            throw RecordingError.invalidLine(error.recordingProblem(in: object))
        }
        for step in plan {
            do {
                if header {
                    try step.migrateHeader(&value)
                } else {
                    try step.migrateEvent(&value)
                }
            } catch {
                throw RecordingError.migrationFailed(from: step.version, "\(error)")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw RecordingError.migrationFailed(from: first.version, "\(error)")
        }
    }

    private static func sizeIssue(_ event: SessionEvent, recordedSize: Double?, line: Int) -> RecordingIssue? {
        let actual: Int
        switch event {
        case .message(let message): actual = message.payload.count
        case .control(let control): actual = control.payload.count
        default: return nil
        }
        guard let recordedSize, recordedSize != Double(actual) else { return nil }
        return RecordingIssue(
            line: line, code: .sizeMismatch,
            message: "'size' says \(recordedSize.jsonText) bytes but the payload has \(actual); the payload was used")
    }

    /// One line of the input: its 1-based number, its bytes without the newline, and whether a newline ended it.
    private struct Line {
        var number: Int
        var range: Range<Int>
        var terminated: Bool

        func isBlank(in bytes: [UInt8]) -> Bool {
            bytes[range].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        }
    }

    private static func lines(of bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(Line(number: lines.count + 1, range: start..<index, terminated: true))
            start = index + 1
        }
        if start < bytes.count {
            lines.append(Line(number: lines.count + 1, range: start..<bytes.count, terminated: false))
        }
        return lines
    }
}
