/// Something the reader noticed and worked around while reading a recording, such as a torn last line.
///
/// Issues never stop a read; they say what was skipped or assumed, with the line it concerns.
public struct RecordingIssue: Hashable, Sendable {
    /// A stable name for the kind of issue.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String

        /// Wraps a code name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// The last line was cut off (the writer was killed mid-write) and was skipped.
        public static let tornLastLine = Code(rawValue: "torn-last-line")
        /// The last line is a complete event but lacks its newline; it was kept.
        public static let missingFinalNewline = Code(rawValue: "missing-final-newline")
        /// A line has an event type this build does not know; it was skipped.
        public static let unknownEventType = Code(rawValue: "unknown-event-type")
        /// A malformed line was skipped because the reader is lenient.
        public static let skippedLine = Code(rawValue: "skipped-line")
        /// A line's `size` disagrees with its payload; the payload was used.
        public static let sizeMismatch = Code(rawValue: "size-mismatch")
    }

    /// The 1-based line concerned.
    public var line: Int
    /// What kind of issue it is.
    public var code: Code
    /// One sentence for a person.
    public var message: String

    /// Creates an issue.
    public init(line: Int, code: Code, message: String) {
        self.line = line
        self.code = code
        self.message = message
    }
}

extension RecordingIssue: CustomStringConvertible {
    public var description: String { "line \(line): \(message)" }
}
