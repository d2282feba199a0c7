/// Replaces secrets in events before they are shown or recorded: credential headers, and the values of query
/// parameters the user names.
///
/// Analysis runs on the real bytes first (a lint must see what was sent); redaction is for what leaves the process.
/// A redacted value becomes `REDACTED`, so a reader still sees that the header or parameter was there.
public struct EventRedactor: Sendable {
    /// What a redacted value is replaced with.
    public static let placeholder = "REDACTED"

    /// Headers that carry credentials, compared case-insensitively.
    public static let defaultHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-amz-security-token",
    ]

    /// Lower-cased header names to redact.
    public var headers: Set<String>
    /// Query parameter names (as sent, before decoding) whose values are redacted.
    public var queryParameters: Set<String>

    /// Creates a redactor for the default credential headers and the named query parameters.
    public init(headers: Set<String> = EventRedactor.defaultHeaders, queryParameters: Set<String> = []) {
        self.headers = Set(headers.map { $0.lowercased() })
        self.queryParameters = queryParameters
    }

    /// The event with its secrets replaced; events without any are returned unchanged.
    public func redact(_ event: SessionEvent) -> SessionEvent {
        guard case .connect(var connect) = event else { return event }
        connect.headers = connect.headers.map { header in
            headers.contains(header.name.lowercased()) ? HTTPHeader(name: header.name, value: Self.placeholder) : header
        }
        guard !queryParameters.isEmpty else { return .connect(connect) }
        if let raw = connect.rawQuery {
            connect.rawQuery = raw.split(separator: "&", omittingEmptySubsequences: false).map { segment in
                guard let equals = segment.firstIndex(of: "="),
                    queryParameters.contains(String(segment[..<equals]))
                else { return String(segment) }
                return segment[..<equals] + "=" + Self.placeholder
            }.joined(separator: "&")
        }
        if var query = connect.query {
            for name in queryParameters {
                if query.queryStringParameters[name] != nil { query.queryStringParameters[name] = Self.placeholder }
                if let values = query.multiValueQueryStringParameters[name] {
                    query.multiValueQueryStringParameters[name] = values.map { _ in Self.placeholder }
                }
            }
            connect.query = query
        }
        connect.findings = connect.findings.map { finding in
            guard let parameter = finding.parameter, queryParameters.contains(parameter) else { return finding }
            var redacted = finding
            if redacted.raw != nil { redacted.raw = Self.placeholder }
            if redacted.decoded != nil { redacted.decoded = Self.placeholder }
            return redacted
        }
        return .connect(connect)
    }
}
