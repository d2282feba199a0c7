import Foundation

/// Replaces credentials in events before anything shows, records or exports them: the headers, query parameters
/// and subprotocol values ``RedactionPolicy`` names.
///
/// Analysis runs on the real bytes first (a lint must see what was sent); redaction is for what leaves the process.
/// A redacted value becomes a ``SecretTagger`` tag, so a reader still sees that the value was there and whether two
/// connections sent the same one. The redactor remembers the secret values it has seen (bounded) so that a finding
/// on a later connection that quotes an earlier connection's value (cross-connection lint) does not leak it either.
public struct EventRedactor: Sendable {
    /// What is redacted.
    public let policy: RedactionPolicy
    private let tagger: SecretTagger
    /// Secret values seen so far, as sent and as decoded, by lower-cased parameter name: the texts a finding about
    /// that parameter may quote.
    private var secretsByParameter: [String: Set<String>] = [:]
    private var rememberedCount = 0

    /// At most this many secret values are remembered for scrubbing finding texts; past it the memory starts over
    /// (findings then still have their `raw` and `decoded` fields tagged, only free text about older values could
    /// quote them, and cross-connection findings compare only recent connections anyway).
    public static let maxRememberedSecrets = 10_000

    /// Creates a redactor for a policy.
    public init(policy: RedactionPolicy = RedactionPolicy(), tagger: SecretTagger = SecretTagger()) {
        self.policy = policy
        self.tagger = tagger
    }

    /// The event with its secrets replaced; events without any are returned unchanged.
    public mutating func redact(_ event: SessionEvent) -> SessionEvent {
        var event = event
        redact(&event)
        return event
    }

    /// Redacts one event in place: the same as ``redact(_:)-(SessionEvent)``; events other than `connect` are
    /// left as they are, without being copied.
    public mutating func redact(_ event: inout SessionEvent) {
        guard case .connect(var connect) = event else { return }
        connect.headers = connect.headers.map(redacted)
        if let subprotocol = connect.subprotocol { connect.subprotocol = redactedSubprotocols(subprotocol) }
        var secrets: [String: Set<String>] = [:]
        if let raw = connect.rawQuery {
            connect.rawQuery = redactedQuery(raw, secrets: &secrets)
        }
        if var query = connect.query {
            redact(&query)
            connect.query = query
        }
        remember(secrets)
        connect.findings = connect.findings.map(redacted)
        event = .connect(connect)
    }

    private func redacted(_ header: HTTPHeader) -> HTTPHeader {
        if policy.redactsHeader(named: header.name) {
            return HTTPHeader(name: header.name, value: tagger.tag(header.value))
        }
        if header.name.lowercased() == RedactionPolicy.subprotocolHeader {
            return HTTPHeader(name: header.name, value: redactedSubprotocols(header.value))
        }
        return header
    }

    /// A `Sec-WebSocket-Protocol` list with every value that is not a recognisable protocol name tagged.
    private func redactedSubprotocols(_ list: String) -> String {
        list.split(separator: ",", omittingEmptySubsequences: false).map { item in
            let name = item.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !RedactionPolicy.isRecognisableSubprotocol(name) else { return String(item) }
            let leading = item.prefix { $0 == " " || $0 == "\t" }
            return leading + tagger.tag(name)
        }.joined(separator: ",")
    }

    /// The raw query with each credential parameter's value tagged, every other byte as sent.
    private func redactedQuery(_ raw: String, secrets: inout [String: Set<String>]) -> String {
        let query = QueryString(raw)
        guard
            query.parameters.contains(where: { policy.redactsParameter(named: $0.decodedName(policy: .gateway).text) })
        else { return raw }
        var segments: [String] = []
        var parameters = query.parameters.makeIterator()
        // Split the same way QueryString does (on every `&`, keeping empty segments) so the bytes between
        // parameters survive exactly.
        for segment in raw.split(separator: "&", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, let parameter = parameters.next() else {
                segments.append(String(segment))
                continue
            }
            let name = parameter.decodedName(policy: .gateway).text
            guard policy.redactsParameter(named: name), !parameter.rawValue.isEmpty else {
                segments.append(String(segment))
                continue
            }
            let forms = Self.forms(of: parameter)
            secrets[name.lowercased(), default: []].formUnion(forms)
            segments.append(parameter.rawName + "=" + tagger.tag(parameter.rawValue))
        }
        return segments.joined(separator: "&")
    }

    private func redact(_ query: inout DecodedQuery) {
        for name in query.multiValueQueryStringParameters.keys where policy.redactsParameter(named: name) {
            query.multiValueQueryStringParameters[name] = query.multiValueQueryStringParameters[name]?.map {
                tagger.tag($0)
            }
        }
        for name in query.queryStringParameters.keys where policy.redactsParameter(named: name) {
            query.queryStringParameters[name] = query.queryStringParameters[name].map { tagger.tag($0) }
        }
    }

    /// The texts under which a parameter's value can appear in a finding: as sent, and as each policy decodes it.
    private static func forms(of parameter: QueryString.Parameter) -> Set<String> {
        var forms: Set<String> = [parameter.rawValue]
        for policy in QueryDecodingPolicy.all { forms.insert(parameter.decodedValue(policy: policy).text) }
        return forms.filter { !$0.isEmpty }
    }

    private mutating func remember(_ secrets: [String: Set<String>]) {
        guard !secrets.isEmpty else { return }
        if rememberedCount > Self.maxRememberedSecrets {
            secretsByParameter = [:]
            rememberedCount = 0
        }
        for (name, forms) in secrets {
            let before = secretsByParameter[name, default: []].count
            secretsByParameter[name, default: []].formUnion(forms)
            rememberedCount += secretsByParameter[name, default: []].count - before
        }
    }

    /// A finding about a credential parameter, with its quoted values tagged and every known value of that
    /// parameter cut out of its free text.
    private func redacted(_ finding: Finding) -> Finding {
        guard let parameter = finding.parameter, policy.redactsParameter(named: parameter) else { return finding }
        var redacted = finding
        redacted.raw = finding.raw.map { tagger.tag($0) }
        redacted.decoded = finding.decoded.map { tagger.tag($0) }
        // Longest first, so a value that contains a shorter one is replaced whole.
        let secrets = (secretsByParameter[parameter.lowercased()] ?? []).sorted { $0.count > $1.count }
        redacted.message = scrub(finding.message, of: secrets)
        redacted.fix = finding.fix.map { scrub($0, of: secrets) }
        return redacted
    }

    private func scrub(_ text: String, of secrets: [String]) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: tagger.tag(secret))
        }
        return text
    }
}
