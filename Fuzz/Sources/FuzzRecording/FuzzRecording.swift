import FuzzSupport
import GatewireCore

/// libFuzzer's entry point: the input is a recording (any version, so the migrations run), read strictly and
/// leniently.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = FuzzInput(start, count)
    _ = try? RecordingReader().read(input.data)
    guard let recording = try? RecordingReader(skipsMalformedLines: true).read(input.data) else { return 0 }
    SessionEventConsumers.consume(recording.events, source: recording.header.source)
    return 0
}
