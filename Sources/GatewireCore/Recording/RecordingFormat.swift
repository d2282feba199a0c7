/// The identity of Gatewire's recording format: its name and its version.
///
/// The format version moves independently of the application's version: it changes only when a recording
/// written by the new writer would be misread by an older reader (a field renamed, removed or given a new
/// meaning). Adding an optional field or a new event type does not change it, because readers ignore fields
/// they do not know and skip (and report) event types they do not know. Every version change comes with a
/// `RecordingMigrations` step from the previous version, so old recordings stay readable.
public enum RecordingFormat {
    /// The value of the header's `format` field, which tells a recording apart from any other JSON Lines file.
    public static let name = "gatewire-recording"

    /// The version this build writes, and the newest it reads.
    public static let version = 1
}
