import FuzzSupport
import GatewireCore

private let fileNames = ["template.yaml", "template.json", "serverless.yml", "get-routes.json"]

/// libFuzzer's entry point: the input is a route configuration file (CloudFormation, SAM, CDK output,
/// serverless.yml or the AWS CLI's JSON); its first byte picks the file name the format is detected from.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = FuzzInput(start, count)
    guard let first = input.bytes.first else { return 0 }
    let data = input.data.dropFirst()
    for configuration in (try? RouteConfigLoader.load(data, fileName: fileNames[Int(first) % fileNames.count])) ?? [] {
        guard let resolver = try? RouteResolver(configuration: configuration) else { continue }
        _ = resolver.resolve(payload: Array(#"{"action":"sendmessage"}"#.utf8), opcode: .text)
    }
    return 0
}
