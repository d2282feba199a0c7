/// Why a recording could not be read or written.
///
/// A struct over a private enum, so that new failure kinds can be added without breaking callers; callers
/// that need to tell failures apart compare `code`.
public struct RecordingError: Error, Hashable, Sendable {
    /// A stable name for the kind of failure.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String

        /// Wraps a code name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// The input holds no bytes at all, or only blank lines.
        public static let empty = Code(rawValue: "empty")
        /// The first line is not a Gatewire recording header.
        public static let notARecording = Code(rawValue: "not-a-recording")
        /// The header is a Gatewire header but a field is missing or wrong.
        public static let invalidHeader = Code(rawValue: "invalid-header")
        /// The recording's version is newer than this build reads.
        public static let newerVersion = Code(rawValue: "newer-version")
        /// The recording's version is older than any this build can migrate from.
        public static let unsupportedVersion = Code(rawValue: "unsupported-version")
        /// An event line (not the last one) is not valid JSON or not a valid event.
        public static let invalidLine = Code(rawValue: "invalid-line")
        /// An event line has a `type` this build does not know; the reader skips such lines.
        public static let unknownEventType = Code(rawValue: "unknown-event-type")
        /// A migration step failed on a line.
        public static let migrationFailed = Code(rawValue: "migration-failed")
        /// The output refused bytes, or the writer was already closed.
        public static let writeFailed = Code(rawValue: "write-failed")
    }

    private enum Kind: Hashable, Sendable {
        case empty
        case notARecording(String)
        case invalidHeader(String)
        case newerVersion(Int)
        case unsupportedVersion(found: Int, oldest: Int)
        case invalidLine(String)
        case unknownEventType(String)
        case migrationFailed(from: Int, problem: String)
        case writeFailed(String)
    }

    private var kind: Kind

    /// The 1-based line the failure is about, when it is about one.
    public private(set) var line: Int?

    private init(_ kind: Kind, line: Int? = nil) {
        self.kind = kind
        self.line = line
    }

    /// The stable kind of failure.
    public var code: Code {
        switch kind {
        case .empty: .empty
        case .notARecording: .notARecording
        case .invalidHeader: .invalidHeader
        case .newerVersion: .newerVersion
        case .unsupportedVersion: .unsupportedVersion
        case .invalidLine: .invalidLine
        case .unknownEventType: .unknownEventType
        case .migrationFailed: .migrationFailed
        case .writeFailed: .writeFailed
        }
    }

    static let empty = RecordingError(.empty)

    static func notARecording(_ problem: String) -> RecordingError { RecordingError(.notARecording(problem), line: 1) }

    static func invalidHeader(_ problem: String) -> RecordingError { RecordingError(.invalidHeader(problem), line: 1) }

    static func newerVersion(_ version: Int) -> RecordingError { RecordingError(.newerVersion(version), line: 1) }

    static func unsupportedVersion(_ version: Int, oldest: Int) -> RecordingError {
        RecordingError(.unsupportedVersion(found: version, oldest: oldest), line: 1)
    }

    static func invalidLine(_ problem: String) -> RecordingError { RecordingError(.invalidLine(problem)) }

    static func unknownEventType(_ type: String) -> RecordingError { RecordingError(.unknownEventType(type)) }

    static func migrationFailed(from version: Int, _ problem: String) -> RecordingError {
        RecordingError(.migrationFailed(from: version, problem: problem))
    }

    static func writeFailed(_ problem: String) -> RecordingError { RecordingError(.writeFailed(problem)) }

    /// The same failure, located at a line.
    func at(line: Int) -> RecordingError {
        var located = self
        located.line = line
        return located
    }

    /// The failure without its line prefix, for messages that add their own context.
    var problem: String {
        switch kind {
        case .empty:
            "the recording is empty"
        case .notARecording(let problem):
            "not a gatewire recording: \(problem)"
        case .invalidHeader(let problem):
            "invalid recording header: \(problem)"
        case .newerVersion(let version):
            "recording version \(version) is newer than this gatewire understands (\(RecordingFormat.version))"
        case .unsupportedVersion(let found, let oldest):
            "recording version \(found) is older than any this gatewire can read (the oldest is \(oldest))"
        case .invalidLine(let problem):
            problem
        case .unknownEventType(let type):
            "unknown event type '\(type)'"
        case .migrationFailed(let version, let problem):
            "could not migrate from version \(version) to \(version + 1): \(problem)"
        case .writeFailed(let problem):
            "could not write the recording: \(problem)"
        }
    }
}

extension RecordingError: CustomStringConvertible {
    public var description: String {
        guard let line else { return problem }
        return "line \(line): \(problem)"
    }
}
