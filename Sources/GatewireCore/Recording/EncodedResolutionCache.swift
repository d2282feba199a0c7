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
        if resolution != last {
            bytes.removeAll(keepingCapacity: true)
            RecordingLineEncoder.appendResolution(resolution, to: &bytes)
            last = resolution
        }
        output.append(contentsOf: bytes)
    }
}
