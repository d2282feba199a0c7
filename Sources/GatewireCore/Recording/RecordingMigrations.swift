/// The chain of steps that brings a recording written in an older format version up to the current one.
///
/// Each step rewrites the decoded JSON objects of one version into the next: the header once, then every event
/// line. Steps work on plain JSON values, not on Swift types, because the Swift types only ever describe the
/// current version. Version 1 is the first version, so the standard chain is empty today; the mechanism exists so
/// that the first change to the format ships with its migration (the way mitmproxy's flow format does).
public struct RecordingMigrations: Sendable {
    /// A decoded JSON object: one header or event line.
    public typealias Object = [String: Value]

    /// One step from a version to the next.
    public struct Step: Sendable {
        /// The version this step reads; it produces `version + 1`.
        public var version: Int
        /// Rewrites the header line.
        public var migrateHeader: @Sendable (inout Object) throws -> Void
        /// Rewrites one event line.
        public var migrateEvent: @Sendable (inout Object) throws -> Void

        /// Creates a step from `version` to `version + 1`.
        public init(
            from version: Int, migrateHeader: @escaping @Sendable (inout Object) throws -> Void = { _ in },
            migrateEvent: @escaping @Sendable (inout Object) throws -> Void = { _ in }
        ) {
            self.version = version
            self.migrateHeader = migrateHeader
            self.migrateEvent = migrateEvent
        }
    }

    /// The steps, in any order; at most one per source version.
    public var steps: [Step]

    /// Creates a chain from its steps.
    public init(steps: [Step]) {
        self.steps = steps
    }

    /// The chain this build reads with: empty, because version 1 is the first recording format.
    public static let standard = RecordingMigrations(steps: [])

    /// The oldest version from which an unbroken chain of steps reaches `RecordingFormat.version`.
    public var oldestReadableVersion: Int {
        var version = RecordingFormat.version
        while steps.contains(where: { $0.version == version - 1 }) { version -= 1 }
        return version
    }

    /// The steps that bring `version` up to the current version, in order.
    ///
    /// - Throws: `RecordingError` with code `.newerVersion` when `version` is newer than this build, or
    ///   `.unsupportedVersion` when no unbroken chain starts at it.
    public func plan(from version: Int) throws -> [Step] {
        if version > RecordingFormat.version { throw RecordingError.newerVersion(version) }
        guard version >= oldestReadableVersion else {
            throw RecordingError.unsupportedVersion(version, oldest: oldestReadableVersion)
        }
        return (version..<RecordingFormat.version).compactMap { source in steps.first { $0.version == source } }
    }
}
