import Foundation

/// A request's query read as the page writes it: `URLSearchParams` encodes a space as `+` (the
/// `application/x-www-form-urlencoded` rules of the URL Standard), which `URLComponents` leaves as a `+`.
///
/// Reading it the page's way keeps a download filtered by `text=two+words` the same as the page that made the link.
enum FormQuery {
    /// The name and value pairs of a percent-encoded query, `+` read as a space; `nil` for no query.
    static func items(_ percentEncodedQuery: String?) -> [URLQueryItem] {
        guard let percentEncodedQuery, !percentEncodedQuery.isEmpty else { return [] }
        return percentEncodedQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return URLQueryItem(name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : nil)
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
