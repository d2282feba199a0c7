import FuzzSupport

/// libFuzzer's entry point: the input is a pcap file, imported as `gatewire inspect` imports it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    CaptureFileHarness.run(FuzzInput(start, count))
    return 0
}
