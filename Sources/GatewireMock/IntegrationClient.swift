import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Posts Lambda proxy events to an HTTP endpoint and reads the Lambda-style result, one HTTP/1.1 request per
/// event (`Connection: close`), so a user's handler runs locally behind a few lines of HTTP shim.
///
/// Only `http://` endpoints are supported: integrations are local processes.
struct IntegrationClient: Sendable {
    private let group: any EventLoopGroup
    private let timeout: Double

    /// Creates a client on an event loop group, with a timeout per call in seconds.
    init(group: any EventLoopGroup, timeout: Double) {
        self.group = group
        self.timeout = timeout
    }

    /// POSTs one event and returns the integration's result.
    ///
    /// - Throws: `IntegrationError` when the endpoint is unreachable, times out, answers a non-2xx HTTP status
    ///   (the Lambda threw) or answers something that is not a proxy result.
    func invoke(_ url: URL, event: Data) async throws -> LambdaProxyResult {
        guard url.scheme == "http", let host = url.host else {
            throw IntegrationError(code: "integration-unreachable", message: "\(url) is not an http:// URL")
        }
        let port = url.port ?? 80
        let path = (url.path.isEmpty ? "/" : url.path) + (url.query.map { "?" + $0 } ?? "")
        let timeout = self.timeout
        do {
            return try await withThrowingTaskGroup(of: LambdaProxyResult.self) { group in
                group.addTask { try await self.post(host: host, port: port, path: path, body: event) }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout))
                    throw IntegrationError(
                        code: "integration-timeout", message: "\(url) did not answer within \(timeout) s")
                }
                defer { group.cancelAll() }
                guard let result = try await group.next() else {
                    throw IntegrationError(code: "integration-failed", message: "no answer from \(url)")
                }
                return result
            }
        } catch let error as IntegrationError {
            throw error
        } catch {
            throw IntegrationError(code: "integration-unreachable", message: "\(url): \(error)")
        }
    }

    private func post(host: String, port: Int, path: String, body: Data) async throws -> LambdaProxyResult {
        let channel = try await ClientBootstrap(group: group)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: "\(host):\(port)")
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.count))
            headers.add(name: "Connection", value: "close")
            try await outbound.write(
                .head(HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            try await outbound.write(.end(nil))
            var status: HTTPResponseStatus?
            var responseBody = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let head): status = head.status
                case .body(var buffer): responseBody.writeBuffer(&buffer)
                case .end: break
                }
                if case .end = part { break }
            }
            guard let status else {
                throw IntegrationError(code: "integration-failed", message: "the integration closed without answering")
            }
            guard (200..<300).contains(Int(status.code)) else {
                // The shim's own HTTP status says the handler itself failed, like a Lambda that threw.
                throw IntegrationError(
                    code: "integration-failed", message: "the integration answered HTTP \(status.code)")
            }
            return try LambdaProxyResult(json: Data(responseBody.readableBytesView))
        }
    }
}
