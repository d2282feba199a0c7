import FuzzSupport
import GatewireCore

/// libFuzzer's entry point: the first line is a route selection expression, the rest a message body it selects
/// a route from.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let (expression, body) = FuzzInput(start, count).firstLineAndRest
    guard
        let resolver = try? RouteResolver(
            expression: expression, table: RouteTable(routeKeys: ["sendmessage", "join", "$default"]))
    else { return 0 }
    _ = resolver.resolve(payload: body, opcode: .text)
    return 0
}
