/// ANSI styling for terminal output, switched off entirely when output is not a terminal.
///
/// Kept in Core (it is only text) so every formatter styles the same way; the CLI decides whether it is on.
public struct TextStyle: Sendable {
    /// Whether escape sequences are emitted at all.
    public var enabled: Bool

    /// A style that emits escape sequences only when `enabled`.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// No styling.
    public static let plain = TextStyle(enabled: false)

    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    public func blue(_ text: String) -> String { wrap(text, "34") }
    public func magenta(_ text: String) -> String { wrap(text, "35") }
    public func cyan(_ text: String) -> String { wrap(text, "36") }

    /// Colours text by a finding's severity: red for errors, yellow for warnings, blue for information.
    public func severity(_ severity: Finding.Severity, _ text: String) -> String {
        switch severity {
        case .error: red(text)
        case .warning: yellow(text)
        case .info: blue(text)
        }
    }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
