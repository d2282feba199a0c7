/// The route resolution a writer encoded last, with its JSON bytes, to copy instead of encoding it again.
///
/// Consecutive client messages mostly resolve alike (the analyzer hands out one stored resolution for a value it
/// has seen), and a resolution's explanation is the longest text on their lines. An equal resolution is found
/// cheaply: its strings share storage with the last one's.
struct EncodedResolutionCache: Sendable {
    private var last: RouteResolution?
    private var bytes: [UInt8] = []

    /// Appends `resolution` as a JSON object, the same bytes `Fields.addResolution` writes.
    mutating func append(_ resolution: RouteResolution, to output: inout [UInt8]) {
        if let last, Self.sameBytes(last, resolution) {
            output.append(contentsOf: bytes)
            return
        }
        bytes.removeAll(keepingCapacity: true)
        RecordingLineEncoder.appendResolution(resolution, to: &bytes)
        last = resolution
        output.append(contentsOf: bytes)
    }

    /// Whether two resolutions encode to the same bytes: equal, and their texts equal byte for byte (`==` on
    /// strings takes canonically equivalent text as equal).
    private static func sameBytes(_ one: RouteResolution, _ other: RouteResolution) -> Bool {
        func same(_ left: String?, _ right: String?) -> Bool {
            switch (left, right) {
            case (let left?, let right?): left.hasSameUTF8(as: right)
            case (nil, nil): true
            default: false
            }
        }
        return one == other && same(one.value, other.value) && same(one.routeKey, other.routeKey)
            && same(one.reply, other.reply) && one.explanation.hasSameUTF8(as: other.explanation)
            && one.expression.hasSameUTF8(as: other.expression)
            && zip(one.hints, other.hints).allSatisfy {
                $0.routeKey.hasSameUTF8(as: $1.routeKey) && $0.message.hasSameUTF8(as: $1.message)
            }
    }
}
