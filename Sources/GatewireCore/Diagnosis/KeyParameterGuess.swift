/// Picks the query parameters that identify a subscription when the user names none (`--key`).
///
/// A key is what a subscriber and a publisher both send so that the backend can match them, so a parameter is
/// guessed to be one when:
/// - at least two connections send it (after recovering a query that was encoded as one value);
/// - its name is not one that is different on every connection by nature: credentials and signatures (`token`,
///   `auth`, `signature`, `X-Amz-…`), per-connection ids (`connectionId`, `clientId`, `requestId`, `sessionId`)
///   and cache busters (`_`, `t`, `ts`, `nonce`); see ``perConnectionNames``;
/// - its values are not all flags (`true`, `false`, `0`, `1`, `yes`, `no`, `on`, `off`): a flag such as
///   `fromClient=true` says which side a connection is, not what it subscribes to;
/// - at least two connections mean the same value or one is a cut-off copy of another's (see
///   ``KeyValueClasses``): a parameter whose values are all different names nothing the connections share.
///
/// The guess can be wrong both ways (a `role=publisher` sent by two publishers looks like a key); `--key` settles it.
enum KeyParameterGuess {
    /// Lower-cased names that hold a different value on every connection by nature.
    static let perConnectionNames: Set<String> = [
        "token", "access_token", "accesstoken", "id_token", "idtoken", "auth", "authorization", "jwt", "bearer",
        "signature", "sig", "apikey", "api_key", "api-key", "secret", "password", "connectionid",
        "connection_id", "clientid", "client_id", "requestid", "request_id", "sessionid", "session_id", "nonce",
        "_", "t", "ts", "cb", "cachebuster",
    ]

    /// Values that make a parameter a flag rather than a key.
    static let flagValues: Set<String> = ["true", "false", "0", "1", "yes", "no", "on", "off", ""]

    /// The guessed key parameters, in order of first appearance.
    static func guess(_ queries: [SubscriptionQuery], policy: QueryDecodingPolicy) -> [String] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for query in queries {
            for name in query.names {
                if counts[name] == nil { order.append(name) }
                counts[name, default: 0] += 1
            }
        }
        return order.filter { name in
            guard counts[name, default: 0] >= 2, !isPerConnection(name) else { return false }
            let values = queries.compactMap { $0.meant[name]?.value.intendedText.lowercased() }
            guard !values.allSatisfy(flagValues.contains) else { return false }
            let classes = KeyValueClasses(parameter: name, queries: queries, policy: policy)
            var seen: Set<Int> = []
            return classes.classOfQuery.values.contains { !seen.insert($0).inserted }
        }
    }

    /// Whether a name is one of ``perConnectionNames`` (ignoring case) or an AWS signature parameter.
    static func isPerConnection(_ name: String) -> Bool {
        let lower = name.lowercased()
        return perConnectionNames.contains(lower) || lower.hasPrefix("x-amz-")
    }
}
