import FuzzSupport
import GatewireCore

/// libFuzzer's entry point: the input is a HAR file, read and turned into session events as `inspect` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = FuzzInput(start, count)
    guard let document = try? HARDocument.decode(input.data) else { return 0 }
    SessionEventConsumers.consume(document.sessionEvents(), source: .har)
    return 0
}
