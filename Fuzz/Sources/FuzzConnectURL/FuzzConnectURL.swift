import FuzzSupport
import GatewireCore

/// libFuzzer's entry point: the first line is a `$connect` URL, linted as `lint-url` does; the rest is a second
/// connection's query string, compared with the first across connections.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let (line, rest) = FuzzInput(start, count).firstLineAndRest
    let second = QueryString(String(decoding: rest, as: UTF8.self))
    _ = second.decoded()
    _ = second.decoded(policy: .rfc3986)
    var index = CrossConnectionIndex()
    _ = index.add(ConnectionQuery(connection: "c2", query: second))
    guard let url = try? ConnectURL(parsing: line) else { return 0 }
    _ = QueryLinter().lint(url)
    _ = index.add(ConnectionQuery(connection: "c1", url: url))
    return 0
}
