import FuzzSupport
import GatewireCore

private let resolver = try? RouteResolver(
    expression: "${request.body.action}/${request.body.a.b[0]}", table: RouteTable(routeKeys: ["x", "$default"]))

/// libFuzzer's entry point: the input is a text message's body, parsed as JSON to select a route (the message
/// path), and a route configuration file in JSON (the configuration path); both use the same JSON parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = FuzzInput(start, count)
    _ = resolver?.resolve(payload: input.bytes, opcode: .text)
    _ = try? RouteConfigLoader.load(input.data, fileName: "template.json")
    return 0
}
