import Foundation

/// A request to inject a gateway fault into one live connection: the body of `POST …/@gatewire/faults/{id}`, the
/// same for `gatewire mock` and the proxy's control API.
///
/// ```json
/// {"fault": "idle-timeout", "afterSeconds": 2.5}
/// {"fault": "throttled", "count": 3}
/// ```
public struct GatewayFaultRequest: Sendable, Hashable {
    /// The longest `afterSeconds`: the gateway's own 2-hour connection limit.
    public static let maxDelay: Double = 7200

    public var fault: GatewayFault
    /// Seconds from now until the fault happens; 0 for now.
    public var afterSeconds: Double
    /// For `gone` and `throttled`: how many `@connections` calls answer with the error.
    public var count: Int

    /// Reads a request body.
    ///
    /// - Returns: the request, or the answer to give instead: 400 for a body that is not a fault request or a value
    ///   out of range, 404 for an unknown fault name.
    public static func parse(_ body: [UInt8]) -> Result<GatewayFaultRequest, HTTPAnswerError> {
        let usage = #"the body is {"fault": NAME, "afterSeconds": 0 to 7200, "count": N}"#
        let decoded: Body
        do {
            decoded = try JSONDecoder().decode(Body.self, from: Data(body))
        } catch {
            return .failure(
                HTTPAnswerError(
                    .message(
                        400, "Not a fault request (\(describe(error))): \(usage)", errorType: "BadRequestException")))
        }
        guard let fault = GatewayFault(rawValue: decoded.fault) else {
            return .failure(
                HTTPAnswerError(
                    .message(
                        404, "Unknown fault '\(decoded.fault)'; faults: \(GatewayFault.names)",
                        errorType: "NotFoundException")))
        }
        let after = decoded.afterSeconds ?? 0
        guard after >= 0, after <= maxDelay else {
            return .failure(
                HTTPAnswerError(
                    .message(
                        400, "afterSeconds must be from 0 to 7200, got \(after)", errorType: "BadRequestException")))
        }
        var count = 1
        if let requested = decoded.count {
            guard case .managementAPIError = fault.effect else {
                return .failure(
                    HTTPAnswerError(
                        .message(
                            400, "count applies to gone and throttled only, not \(fault.rawValue)",
                            errorType: "BadRequestException")))
            }
            guard requested >= 1, requested <= 1_000_000 else {
                return .failure(
                    HTTPAnswerError(
                        .message(
                            400, "count must be from 1 to 1000000, got \(requested)",
                            errorType: "BadRequestException")))
            }
            count = requested
        }
        return .success(GatewayFaultRequest(fault: fault, afterSeconds: after, count: count))
    }

    /// The 202 answer describing what will happen to `connectionID`.
    public func accepted(connectionID: String) -> HTTPAnswer {
        var description: [String: any Sendable] = [
            "connectionId": connectionID, "fault": fault.rawValue, "afterSeconds": afterSeconds, "effect": effectText,
        ]
        if case .managementAPIError = fault.effect { description["count"] = count }
        let data = (try? JSONSerialization.data(withJSONObject: description, options: [.sortedKeys])) ?? Data()
        return HTTPAnswer(status: 202, headers: ["Content-Type": "application/json"], body: Array(data))
    }

    /// What the fault does, in a few words.
    public var effectText: String {
        switch fault.effect {
        case .close(let code, let reason):
            reason.isEmpty ? "close \(code)" : "close \(code) \(reason)"
        case .errorFrame(let message):
            "the next client message gets the \(message) frame instead of its route"
        case .managementAPIError(let status, let errorType, _):
            "the next \(count == 1 ? "@connections call answers" : "\(count) @connections calls answer") "
                + "\(status) \(errorType)"
        }
    }

    private struct Body: Decodable {
        var fault: String
        var afterSeconds: Double?
        var count: Int?
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "\"\(key.stringValue)\" is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            context.codingPath.last.map { "\"\($0.stringValue)\" has the wrong type" } ?? "not a JSON object"
        default: "not JSON"
        }
    }
}

/// An `HTTPAnswer` to give instead of going on: a request that was refused.
public struct HTTPAnswerError: Error, Sendable, Equatable {
    public var answer: HTTPAnswer
    public init(_ answer: HTTPAnswer) { self.answer = answer }
}

extension GatewayFault {
    /// Every fault's name, comma-separated, for messages that list them.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
