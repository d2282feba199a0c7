/// Replaces a secret with a tag that says which secret it was without saying what it was: `REDACTED-1f2e3d4c`.
///
/// The tag is a keyed hash (SipHash, through `Hasher`, with a key drawn at random for each run), so the same
/// token on two connections gets the same tag and a reader can still tell "same credential" from "different
/// credential", while nobody without the key can test guesses against it. Tags are stable within one run of
/// Gatewire, not across runs.
public struct SecretTagger: Sendable {
    /// The prefix of every tag; a value that already starts with it is a tag and is left alone.
    public static let prefix = "REDACTED"

    private let key: (UInt64, UInt64)

    /// A tagger with a random key.
    public init() {
        var generator = SystemRandomNumberGenerator()
        key = (generator.next(), generator.next())
    }

    /// A tagger with a fixed key, for tests that compare tags.
    public init(key: (UInt64, UInt64)) {
        self.key = key
    }

    /// The tag for a secret value.
    public func tag(_ secret: String) -> String {
        if Self.isTag(secret) { return secret }
        var hasher = Hasher()
        hasher.combine(key.0)
        hasher.combine(key.1)
        hasher.combine(secret)
        let hash = UInt32(truncatingIfNeeded: hasher.finalize())
        let hex = String(hash, radix: 16)
        return Self.prefix + "-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Whether a value is already a tag (or the bare placeholder), as in a recording that was redacted before.
    public static func isTag(_ value: String) -> Bool {
        value.hasPrefix(prefix)
    }
}
