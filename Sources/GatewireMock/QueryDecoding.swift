import Foundation
import GatewireCore

/// Decodes a `$connect` query string the way Gatewire assumes API Gateway does (reference §3, inferred from REST
/// v1): `+` is a space, one percent-decoding, an invalid escape kept as written, the last duplicate wins in
/// `queryStringParameters`.
enum QueryDecoding {
    static func decode(_ raw: String) -> DecodedQuery {
        var single: [String: String] = [:]
        var multiple: [String: [String]] = [:]
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(String(parts[0]))
            let value = parts.count > 1 ? decodeComponent(String(parts[1])) : ""
            single[name] = value
            multiple[name, default: []].append(value)
        }
        return DecodedQuery(queryStringParameters: single, multiValueQueryStringParameters: multiple)
    }

    private static func decodeComponent(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
