import Foundation

/// What a request path addresses on the gateway: a stage's WebSocket endpoint, a connection of the
/// `@connections` API, or nothing.
enum StagePath: Equatable {
    /// `/{stage}` (a trailing `/` is tolerated).
    case stage(String)
    /// `/{stage}/@connections/{id}`; the id is percent-decoded, because SDKs send its `=` as `%3D`
    /// (botocore's `percent_encode`, reference §4.2), and `@` may come as `%40` (AWS's own example).
    case connection(stage: String, id: String)
    /// `/{stage}/@connections` without an id.
    case connectionsRoot(stage: String)
    /// `/{stage}/@gatewire/faults/{id}`: Gatewire's own endpoint for injecting a gateway fault into a connection.
    case fault(stage: String, id: String)
    /// Anything else: API Gateway answers 403 (an extra path after the stage, reference §2.2).
    case unknown

    /// Parses the path of a request URI (the query, if any, is ignored).
    init(uri: String, stages: [String]) {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.first == "" else {
            self = .unknown
            return
        }
        segments.removeFirst()
        if segments.last == "", segments.count > 1 { segments.removeLast() }
        guard let stage = segments.first, stages.contains(stage) else {
            self = .unknown
            return
        }
        switch segments.count {
        case 1:
            self = .stage(stage)
        case 4 where (segments[1].removingPercentEncoding ?? segments[1]) == "@gatewire" && segments[2] == "faults":
            self = .fault(stage: stage, id: segments[3].removingPercentEncoding ?? segments[3])
        case 2, 3:
            let resource = segments[1].removingPercentEncoding ?? segments[1]
            guard resource == "@connections" else {
                self = .unknown
                return
            }
            if segments.count == 2 {
                self = .connectionsRoot(stage: stage)
            } else {
                self = .connection(stage: stage, id: segments[2].removingPercentEncoding ?? segments[2])
            }
        default:
            self = .unknown
        }
    }
}
