public import Foundation
public import GatewireCore

/// The Lambda proxy event API Gateway sends to a WebSocket route's integration, in the three shapes of
/// reference §2.3–2.4 (CONNECT, MESSAGE, DISCONNECT).
///
/// Field presence follows real captures: `messageId` and `body` only on MESSAGE; `headers` and query maps only
/// on CONNECT, except DISCONNECT's odd fixed header set; `disconnectStatusCode`/`disconnectReason` only on
/// DISCONNECT (observed, not documented); `identity.userAgent` only when the client sent one.
public enum LambdaProxyEvent {
    /// The `$connect` event, sent while the upgrade is pending.
    public static func connect(_ details: ConnectionDetails, requestID: String, time: Timestamp, forwardedPort: Int)
        -> [String: any Sendable]
    {
        var headers = details.headers
        // The gateway adds the forwarding headers it terminates the connection with (reference §2.3); the mock
        // reports the loopback connection it actually saw.
        headers.append(HTTPHeader(name: "X-Forwarded-For", value: details.sourceIP))
        headers.append(HTTPHeader(name: "X-Forwarded-Port", value: String(forwardedPort)))
        headers.append(HTTPHeader(name: "X-Forwarded-Proto", value: "http"))
        var event: [String: any Sendable] = [
            "headers": singleValueMap(headers),
            "multiValueHeaders": multiValueMap(headers),
            "requestContext": requestContext(
                details, routeKey: "$connect", eventType: "CONNECT", requestID: requestID, time: time),
            "isBase64Encoded": false,
        ]
        if let query = details.query, !query.isEmpty {
            event["queryStringParameters"] = query.queryStringParameters
            event["multiValueQueryStringParameters"] = query.multiValueQueryStringParameters
        }
        return event
    }

    /// A MESSAGE event for a text message routed to `routeKey`.
    public static func message(
        _ details: ConnectionDetails, routeKey: String, body: String, messageID: String, requestID: String,
        time: Timestamp
    ) -> [String: any Sendable] {
        var context = requestContext(
            details, routeKey: routeKey, eventType: "MESSAGE", requestID: requestID, time: time)
        context["messageId"] = messageID
        return ["requestContext": context, "body": body, "isBase64Encoded": false]
    }

    /// The `$disconnect` event, sent after the connection closed (best effort, its result goes nowhere).
    public static func disconnect(
        _ details: ConnectionDetails, statusCode: UInt16?, reason: String, requestID: String, time: Timestamp
    ) -> [String: any Sendable] {
        // Real DISCONNECT events carry this fixed, mostly empty header set instead of the handshake's headers.
        let headers = [
            HTTPHeader(name: "Host", value: details.domainName), HTTPHeader(name: "x-api-key", value: ""),
            HTTPHeader(name: "X-Forwarded-For", value: ""), HTTPHeader(name: "x-restapi", value: ""),
        ]
        var context = requestContext(
            details, routeKey: "$disconnect", eventType: "DISCONNECT", requestID: requestID, time: time)
        // 1005 ("no status received", RFC 6455 §7.4.1) when the close had no code or the transport just ended.
        context["disconnectStatusCode"] = Int(statusCode ?? 1005)
        context["disconnectReason"] = reason
        return [
            "headers": singleValueMap(headers), "multiValueHeaders": multiValueMap(headers),
            "requestContext": context, "isBase64Encoded": false,
        ]
    }

    /// Serializes an event to JSON bytes.
    public static func data(_ event: [String: any Sendable]) -> Data {
        (try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    private static func requestContext(
        _ details: ConnectionDetails, routeKey: String, eventType: String, requestID: String, time: Timestamp
    ) -> [String: any Sendable] {
        var identity: [String: any Sendable] = ["sourceIp": details.sourceIP]
        if let userAgent = details.userAgent { identity["userAgent"] = userAgent }
        return [
            "routeKey": routeKey, "eventType": eventType, "extendedRequestId": requestID, "requestId": requestID,
            "requestTime": time.commonLogFormat, "messageDirection": "IN", "stage": details.stage,
            "connectedAt": details.connectedAt.millisecondsSinceEpoch, "requestTimeEpoch": time.millisecondsSinceEpoch,
            "identity": identity, "domainName": details.domainName, "connectionId": details.id.rawValue,
            "apiId": details.apiID,
        ]
    }

    /// API Gateway's `headers` map keeps one value per name; the last one wins, like its query map.
    private static func singleValueMap(_ headers: [HTTPHeader]) -> [String: String] {
        var map: [String: String] = [:]
        for header in headers { map[header.name] = header.value }
        return map
    }

    private static func multiValueMap(_ headers: [HTTPHeader]) -> [String: [String]] {
        var map: [String: [String]] = [:]
        for header in headers { map[header.name, default: []].append(header.value) }
        return map
    }
}

extension Timestamp {
    /// Common Log Format in UTC, the shape of `requestContext.requestTime` (`20/Jan/2024:11:55:08 +0000`).
    var commonLogFormat: String {
        let text = rfc3339  // 2024-01-20T11:55:08.123456Z
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let year = text.prefix(4)
        let month = Int(text.dropFirst(5).prefix(2)) ?? 1
        let day = text.dropFirst(8).prefix(2)
        let clock = text.dropFirst(11).prefix(8)
        return "\(day)/\(months[max(0, min(11, month - 1))])/\(year):\(clock) +0000"
    }
}
