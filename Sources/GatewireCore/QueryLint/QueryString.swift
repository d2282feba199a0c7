/// A raw `$connect` query string (without the `?`), split into parameters with every byte kept as sent.
///
/// Parsing only splits: on `&` between parameters and on the first `=` between name and value. Nothing is decoded
/// or re-encoded here, because the difference between what was sent and what the gateway decodes is exactly what
/// the lint explains (and what the proxy must forward unchanged). Decoding happens in ``decoded(policy:)``.
/// Only `&` separates parameters; a `;` stays inside its value (the `raw-reserved-character` lint flags it).
public struct QueryString: Hashable, Sendable {
    /// One `name=value` segment exactly as sent.
    public struct Parameter: Hashable, Sendable {
        /// The name as sent (before the first `=`, or the whole segment when there is none).
        public var rawName: String
        /// The value as sent (after the first `=`); empty when there is no `=`.
        public var rawValue: String
        /// Whether the segment contained `=` (`flag` and `flag=` both decode to an empty value).
        public var hasEqualsSign: Bool
        /// Zero-based position among the parameters.
        public var index: Int
        /// UTF-8 byte offset of the segment in the raw query.
        public var offset: Int

        /// Creates a parameter.
        public init(rawName: String, rawValue: String, hasEqualsSign: Bool, index: Int, offset: Int) {
            self.rawName = rawName
            self.rawValue = rawValue
            self.hasEqualsSign = hasEqualsSign
            self.index = index
            self.offset = offset
        }

        /// The segment as sent: `rawName`, then `=` and `rawValue` when there was an `=`.
        public var rawSegment: String { hasEqualsSign ? rawName + "=" + rawValue : rawName }

        /// The name as the policy decodes it.
        public func decodedName(policy: QueryDecodingPolicy) -> PercentDecoding.Result {
            PercentDecoding.decode(rawName, plusAsSpace: policy.plusAsSpace)
        }

        /// The value as the policy decodes it.
        public func decodedValue(policy: QueryDecodingPolicy) -> PercentDecoding.Result {
            PercentDecoding.decode(rawValue, plusAsSpace: policy.plusAsSpace)
        }
    }

    /// The query exactly as given, without the leading `?`.
    public let raw: String
    /// The non-empty segments, in order.
    public let parameters: [Parameter]
    /// UTF-8 byte offsets of empty segments (`a=1&&b=2`, a leading or trailing `&`), which carry no parameter.
    public let emptySegmentOffsets: [Int]

    /// Splits a raw query.
    ///
    /// - Parameter raw: the bytes after `?` (and before any `#`), exactly as sent.
    public init(_ raw: String) {
        self.raw = raw
        var parameters: [Parameter] = []
        var empties: [Int] = []
        var offset = 0
        if !raw.isEmpty {
            for segment in raw.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
                defer { offset += segment.count + 1 }
                guard !segment.isEmpty else {
                    empties.append(offset)
                    continue
                }
                let equals = segment.firstIndex(of: UInt8(ascii: "="))
                let name = segment[segment.startIndex..<(equals ?? segment.endIndex)]
                let value = equals.map { segment[segment.index(after: $0)...] } ?? segment[segment.endIndex...]
                parameters.append(
                    Parameter(
                        rawName: String(decoding: name, as: UTF8.self),
                        rawValue: String(decoding: value, as: UTF8.self),
                        hasEqualsSign: equals != nil, index: parameters.count, offset: offset
                    )
                )
            }
        }
        self.parameters = parameters
        self.emptySegmentOffsets = empties
    }

    /// The two maps the gateway puts in the `$connect` event, decoded with `policy`.
    ///
    /// `queryStringParameters` keeps the last value of a repeated name, `multiValueQueryStringParameters` every value
    /// in order (observed on WebSocket `$connect`, reference §3).
    /// - Parameter policy: how to decode; ``QueryDecodingPolicy/gateway`` unless you are testing an alternative.
    public func decoded(policy: QueryDecodingPolicy = .gateway) -> DecodedQuery {
        var single: [String: String] = [:]
        var multiple: [String: [String]] = [:]
        for parameter in parameters {
            let name = parameter.decodedName(policy: policy).text
            let value = parameter.decodedValue(policy: policy).text
            single[name] = value
            multiple[name, default: []].append(value)
        }
        return DecodedQuery(queryStringParameters: single, multiValueQueryStringParameters: multiple)
    }

    /// The parameters whose name decodes to `name`, in order.
    public func parameters(named name: String, policy: QueryDecodingPolicy = .gateway) -> [Parameter] {
        parameters.filter { $0.decodedName(policy: policy).text == name }
    }
}
