/// The result of linting several `$connect` URLs: each URL on its own, then all of them against each other.
///
/// This is what `gatewire lint-url` prints, as text or JSON; building it here keeps the command a thin shell.
public struct URLLintReport: Codable, Hashable, Sendable {
    /// One URL's result.
    public struct Entry: Codable, Hashable, Sendable {
        /// The label cross-URL findings use for it (`url1`, `url2`, …).
        public var label: String
        /// The URL exactly as given.
        public var url: String
        /// Why the URL could not be parsed, when it could not; the other fields are then empty.
        public var error: String?
        /// The stage the path names, if any.
        public var stage: String?
        /// The query exactly as sent, without the `?`.
        public var rawQuery: String?
        /// The parameters in order: raw name and value, and what the gateway decodes them to.
        public var parameters: [Parameter]
        /// What the backend's `$connect` event would hold.
        public var decoded: DecodedQuery?
        public var findings: [Finding]
    }

    /// One query parameter, raw and decoded.
    public struct Parameter: Codable, Hashable, Sendable {
        public var rawName: String
        public var rawValue: String
        public var name: String
        public var value: String
    }

    /// The decoding policy's name (`gateway`, `rfc3986`).
    public var policy: String
    /// Where the policy comes from, so nobody mistakes an inference for a documented fact.
    public var policyProvenance: String
    public var entries: [Entry]
    /// Findings that compare URLs (`same-key-different-bytes`, `prefix-truncated`).
    public var crossFindings: [Finding]

    /// Lints each URL, then every pair of them.
    ///
    /// - Parameters:
    ///   - urls: the URLs as given; unparseable ones get an `error` and take no part in the comparison.
    ///   - configuration: the decoding policy, known stages and URL length quota.
    public init(urls: [String], configuration: QueryLintConfiguration = QueryLintConfiguration()) {
        let linter = QueryLinter(configuration: configuration)
        let policy = configuration.policy
        var entries: [Entry] = []
        var queries: [ConnectionQuery] = []
        for (index, text) in urls.enumerated() {
            let label = "url\(index + 1)"
            do {
                let url = try ConnectURL(parsing: text)
                let query = url.query
                let parameters = query.parameters.map {
                    Parameter(
                        rawName: $0.rawName, rawValue: $0.rawValue, name: $0.decodedName(policy: policy).text,
                        value: $0.decodedValue(policy: policy).text)
                }
                entries.append(
                    Entry(
                        label: label, url: text, error: nil, stage: url.stage, rawQuery: url.rawQuery,
                        parameters: parameters, decoded: url.rawQuery == nil ? nil : query.decoded(policy: policy),
                        findings: linter.lint(url)))
                queries.append(ConnectionQuery(connection: label, url: url))
            } catch {
                entries.append(
                    Entry(
                        label: label, url: text, error: error.description, stage: nil, rawQuery: nil,
                        parameters: [], decoded: nil, findings: []))
            }
        }
        self.policy = policy.name
        self.policyProvenance = policy.provenance
        self.entries = entries
        self.crossFindings = CrossConnectionLinter(policy: policy).lint(queries)
    }

    /// Every finding, per URL and across URLs.
    public var allFindings: [Finding] { entries.flatMap(\.findings) + crossFindings }

    /// Whether some URL could not be parsed at all.
    public var hasUnparseableURL: Bool { entries.contains { $0.error != nil } }
}
