/// Runs every per-URL rule over a `$connect` URL.
///
/// Findings come URL-level rules first (length, fragment, scheme, stage, path), then query rules, each in parameter
/// order, so the output reads from the outside of the URL inwards.
public struct QueryLinter: Sendable {
    /// The configuration every rule sees.
    public var configuration: QueryLintConfiguration

    /// Every per-URL rule, in the order they run.
    public static let rules: [any QueryLintRule] = [
        URLTooLong(), FragmentInURL(), InsecureScheme(), MissingStage(), InvalidStageName(), UnknownStage(),
        ExtraPathAfterStage(), EmptyParameterName(), StraySeparator(), EncodedDelimiters(), PlusDecodesToSpace(),
        DoubleEncoded(), InvalidPercentEscape(), NonUTF8Decoded(), NonASCIIRaw(), RawReservedCharacter(),
        UnencodedBase64(), DuplicateParameter(),
    ]

    /// The codes of ``rules``, in order.
    public static var codes: [String] { rules.map { type(of: $0).code } }

    /// Creates a linter.
    public init(configuration: QueryLintConfiguration = QueryLintConfiguration()) {
        self.configuration = configuration
    }

    /// Lints one URL.
    ///
    /// - Parameter url: the parsed `$connect` URL.
    /// - Returns: every finding, empty for a clean URL.
    public func lint(_ url: ConnectURL) -> [Finding] {
        let context = QueryLintContext(url: url, configuration: configuration)
        return Self.rules.flatMap { $0.findings(in: context) }
    }
}
