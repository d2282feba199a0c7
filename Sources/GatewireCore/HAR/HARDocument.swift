public import Foundation

/// An HTTP Archive (HAR 1.2) as browsers export it, with Chrome DevTools' WebSocket extension: a WebSocket entry
/// has `_resourceType: "websocket"` and its frames in `_webSocketMessages`.
///
/// Only what WebSocket sessions need is modelled; unknown fields are ignored on import. Optional fields are
/// optional because real exporters omit them (Firefox leaves out `_webSocketMessages`, some tools `cookies`).
public struct HARDocument: Codable, Hashable, Sendable {
    /// The archive's one top-level object.
    public var log: Log

    /// Creates a document.
    public init(log: Log) {
        self.log = log
    }

    /// The `log` object.
    public struct Log: Codable, Hashable, Sendable {
        public var version: String
        public var creator: Creator
        public var entries: [Entry]

        /// Creates a log.
        public init(version: String = "1.2", creator: Creator, entries: [Entry]) {
            self.version = version
            self.creator = creator
            self.entries = entries
        }
    }

    /// The application that wrote the archive.
    public struct Creator: Codable, Hashable, Sendable {
        public var name: String
        public var version: String

        /// Creates a creator.
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    /// A name/value pair: a header, a query parameter or a cookie.
    public struct NameValue: Codable, Hashable, Sendable {
        public var name: String
        public var value: String

        /// Creates a pair.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One request and its response; for WebSockets, the whole connection.
    public struct Entry: Codable, Hashable, Sendable {
        /// When the request started, ISO 8601.
        public var startedDateTime: String
        /// Total time in milliseconds.
        public var time: Double
        public var request: Request
        public var response: Response
        public var cache: [String: String]?
        public var timings: Timings?
        /// The server's address without the port (Chrome's exporter strips it; its importer adds `connection`).
        public var serverIPAddress: String?
        /// HAR's connection id; Chrome DevTools' importer reads it as the server's port for the remote address.
        public var connection: String?
        /// Chrome's resource type; `websocket` for WebSocket connections.
        public var resourceType: String?
        /// Chrome's list of WebSocket frames sent and received.
        public var webSocketMessages: [WebSocketMessage]?

        enum CodingKeys: String, CodingKey {
            case startedDateTime, time, request, response, cache, timings, serverIPAddress, connection
            case resourceType = "_resourceType"
            case webSocketMessages = "_webSocketMessages"
        }

        /// Creates an entry.
        public init(
            startedDateTime: String, time: Double, request: Request, response: Response,
            cache: [String: String]? = [:], timings: Timings? = Timings(), serverIPAddress: String? = nil,
            connection: String? = nil, resourceType: String? = nil, webSocketMessages: [WebSocketMessage]? = nil
        ) {
            self.startedDateTime = startedDateTime
            self.time = time
            self.request = request
            self.response = response
            self.cache = cache
            self.timings = timings
            self.serverIPAddress = serverIPAddress
            self.connection = connection
            self.resourceType = resourceType
            self.webSocketMessages = webSocketMessages
        }

        /// Reads an entry; `connection` may be a number, as some exporters write it (HAR 1.2 says string), and a
        /// `cache` object that is not flat (HAR's `beforeRequest`/`afterRequest`) is ignored rather than rejected.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            startedDateTime = try container.decode(String.self, forKey: .startedDateTime)
            time = try container.decode(Double.self, forKey: .time)
            request = try container.decode(Request.self, forKey: .request)
            response = try container.decode(Response.self, forKey: .response)
            cache = try? container.decodeIfPresent([String: String].self, forKey: .cache)
            timings = try container.decodeIfPresent(Timings.self, forKey: .timings)
            serverIPAddress = try container.decodeIfPresent(String.self, forKey: .serverIPAddress)
            connection =
                (try? container.decodeIfPresent(String.self, forKey: .connection))
                ?? (try? container.decodeIfPresent(Int.self, forKey: .connection)).flatMap { $0.map(String.init) }
            resourceType = try container.decodeIfPresent(String.self, forKey: .resourceType)
            webSocketMessages = try container.decodeIfPresent([WebSocketMessage].self, forKey: .webSocketMessages)
        }

        /// Whether this entry is a WebSocket connection.
        public var isWebSocket: Bool {
            resourceType == "websocket" || webSocketMessages != nil
        }
    }

    /// The request part of an entry.
    public struct Request: Codable, Hashable, Sendable {
        public var method: String
        public var url: String
        public var httpVersion: String?
        public var cookies: [NameValue]?
        public var headers: [NameValue]
        public var queryString: [NameValue]?
        public var headersSize: Int?
        public var bodySize: Int?

        /// Creates a request.
        public init(
            method: String, url: String, httpVersion: String? = "HTTP/1.1", cookies: [NameValue]? = [],
            headers: [NameValue], queryString: [NameValue]? = [], headersSize: Int? = -1, bodySize: Int? = 0
        ) {
            self.method = method
            self.url = url
            self.httpVersion = httpVersion
            self.cookies = cookies
            self.headers = headers
            self.queryString = queryString
            self.headersSize = headersSize
            self.bodySize = bodySize
        }
    }

    /// The response part of an entry.
    public struct Response: Codable, Hashable, Sendable {
        /// The status; 0 when no response was received (HAR's convention).
        public var status: Int
        public var statusText: String?
        public var httpVersion: String?
        public var cookies: [NameValue]?
        public var headers: [NameValue]
        public var content: Content?
        public var redirectURL: String?
        public var headersSize: Int?
        public var bodySize: Int?

        /// Creates a response.
        public init(
            status: Int, statusText: String? = "", httpVersion: String? = "HTTP/1.1", cookies: [NameValue]? = [],
            headers: [NameValue], content: Content? = Content(), redirectURL: String? = "", headersSize: Int? = -1,
            bodySize: Int? = 0
        ) {
            self.status = status
            self.statusText = statusText
            self.httpVersion = httpVersion
            self.cookies = cookies
            self.headers = headers
            self.content = content
            self.redirectURL = redirectURL
            self.headersSize = headersSize
            self.bodySize = bodySize
        }
    }

    /// A response body description; WebSocket handshakes have none.
    public struct Content: Codable, Hashable, Sendable {
        public var size: Int
        public var mimeType: String

        /// Creates an empty content description.
        public init(size: Int = 0, mimeType: String = "x-unknown") {
            self.size = size
            self.mimeType = mimeType
        }
    }

    /// Phase timings in milliseconds; -1 means not applicable.
    public struct Timings: Codable, Hashable, Sendable {
        public var send: Double
        public var wait: Double
        public var receive: Double

        /// Creates timings; the defaults say nothing was measured.
        public init(send: Double = 0, wait: Double = 0, receive: Double = 0) {
            self.send = send
            self.wait = wait
            self.receive = receive
        }
    }

    /// One WebSocket frame as Chrome DevTools records it: `type` is `send` or `receive` (or `error`, with opcode -1
    /// and the failure's text as data), `time` is fractional wall-clock seconds since the epoch, `opcode` the wire
    /// number, and `data` the text, or base64 for anything else (with no flag saying which; the opcode tells).
    ///
    /// `_gatewireIntervention` is Gatewire's own field (HAR's custom fields start with `_`; other readers skip it):
    /// what Gatewire did to the message or close, as in recordings, so an injected or dropped message exported
    /// and read back is still told apart from one a peer sent.
    public struct WebSocketMessage: Codable, Hashable, Sendable {
        public var type: String
        public var time: Double
        public var opcode: Int
        public var data: String
        public var intervention: Intervention?

        enum CodingKeys: String, CodingKey {
            case type, time, opcode, data
            case intervention = "_gatewireIntervention"
        }

        /// Reads a record; an `_gatewireIntervention` that is not one Gatewire writes is left out rather than
        /// failing the whole archive, as other readers would skip it.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(String.self, forKey: .type)
            time = try container.decode(Double.self, forKey: .time)
            opcode = try container.decode(Int.self, forKey: .opcode)
            data = try container.decode(String.self, forKey: .data)
            intervention = try? container.decodeIfPresent(Intervention.self, forKey: .intervention)
        }

        /// Creates a message record.
        public init(type: String, time: Double, opcode: Int, data: String, intervention: Intervention? = nil) {
            self.type = type
            self.time = time
            self.opcode = opcode
            self.data = data
            self.intervention = intervention
        }
    }
}

extension HARDocument {
    /// Reads a HAR file's bytes.
    ///
    /// - Throws: `HARError` naming what is wrong, rather than a raw decoding error.
    public static func decode(_ data: Data) throws -> HARDocument {
        do {
            return try JSONDecoder().decode(HARDocument.self, from: data)
        } catch let error as DecodingError {
            throw HARError(describing: error)
        }
    }

    /// The document as pretty-printed JSON, keys sorted so exports are stable.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// Why a HAR file could not be read.
public struct HARError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One sentence naming the field and the problem.
    public var message: String

    init(describing error: DecodingError) {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            message = "not a HAR file: '\(key.stringValue)' is missing at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            message = "not a HAR file: unexpected value at \(path(context))"
        case .dataCorrupted(let context):
            message = "not a HAR file: \(context.debugDescription)"
        @unknown default:
            message = "not a HAR file"
        }
    }

    public var description: String { message }
}
