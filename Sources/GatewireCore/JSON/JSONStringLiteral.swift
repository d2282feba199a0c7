/// Writes text as a JSON string literal (RFC 8259 §7), for frames and stringified objects Gatewire produces.
///
/// `"`, `\` and control characters are escaped and everything else is kept as is, eight plain ASCII bytes at a time
/// (the recording's encoder, ``RecordingLineEncoder``, does the work, so every JSON Gatewire writes quotes alike).
public enum JSONStringLiteral {
    /// The text in double quotes, escaped.
    public static func quote(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the text in double quotes, escaped, as UTF-8.
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        RecordingLineEncoder.appendString(text, to: &bytes)
    }
}
