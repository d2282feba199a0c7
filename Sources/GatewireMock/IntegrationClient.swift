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
    private let maxResponseSize: Int

    /// Creates a client on an event loop group, with a timeout per call in seconds and a cap on the bytes of a
    /// response body (`IntegrationSettings.maxResponseSize`).
    init(group: any EventLoopGroup, timeout: Double, maxResponseSize: Int = 6 << 20) {
        self.group = group
        self.timeout = timeout
        self.maxResponseSize = maxResponseSize
    }

    /// POSTs one event and returns the integration's result.
    ///
    /// - Throws: `IntegrationError` when the endpoint is unreachable, times out, answers a non-2xx HTTP status
    ///   (the Lambda threw), answers more than `maxResponseSize` bytes, or answers something that is not a proxy
    ///   result.
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
            // One write for the whole request. A shim that has read the body may answer and close before a
            // later write of ours lands; the answer it sent still counts, so a failed write is only reported when
            // no answer follows.
            var writeError: (any Error)?
            do {
                try await outbound.write(contentsOf: [
                    .head(HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)),
                    .body(.byteBuffer(ByteBuffer(bytes: body))),
                    .end(nil),
                ])
            } catch {
                writeError = error
            }
            var status: HTTPResponseStatus?
            var responseBody = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let head):
                    status = head.status
                    if let length = head.headers.first(name: "Content-Length").flatMap(Int.init),
                        length > maxResponseSize
                    {
                        throw tooLarge("announced \(length) bytes")
                    }
                case .body(var buffer):
                    // Checked per chunk: a streaming body is refused as soon as it passes the cap, and leaving
                    // `executeThenClose` by throwing closes the integration connection.
                    guard responseBody.readableBytes + buffer.readableBytes <= maxResponseSize else {
                        throw tooLarge("sent more than that")
                    }
                    responseBody.writeBuffer(&buffer)
                case .end: break
                }
                if case .end = part { break }
            }
            guard let status else {
                if let writeError { throw writeError }
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

    private func tooLarge(_ detail: String) -> IntegrationError {
        IntegrationError(
            code: "integration-response-too-large",
            message: "the integration's response passed \(maxResponseSize) bytes (\(detail)); Lambda refuses a "
                + "response payload above 6 MB, so the call failed and the connection to the integration was closed")
    }
}
