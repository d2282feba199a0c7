/// A `$connect` URL taken apart by hand, so that the path and query keep exactly the bytes that were given.
///
/// Foundation's `URL` and `URLComponents` normalise and re-encode (`+`, `%2B`, spaces), which would hide the very
/// mistakes the lint reports; this type only splits the text at `://`, the first `/`, `?` and `#`.
/// Accepted forms: `wss://host/stage?query`, `ws://…`, `https://…`, `http://…`, a path alone (`/stage?query`, as the
/// HTTP request line carries it), and the elided form `…/stage?query` or `.../stage?query` (host omitted).
public struct ConnectURL: Hashable, Sendable {
    /// The text as given (surrounding whitespace removed).
    public let raw: String
    /// The scheme in lower case (`wss`, `ws`, `https`, `http`), or `nil` when only a path was given.
    public let scheme: String?
    /// The host without port or user info, or `nil` when omitted.
    public let host: String?
    /// The port when the URL names one.
    public let port: Int?
    /// The path as given, from its first `/`; empty when the URL has none (`wss://host?x`).
    public let path: String
    /// The first path segment, which API Gateway reads as the stage; `nil` when the path has none.
    public let stage: String?
    /// Whatever follows the stage segment (`/hello` in `/prod/hello`, `/` in `/prod/`), or `nil` when nothing does.
    public let extraPath: String?
    /// The query exactly as given, without `?`; `nil` when there is no `?`.
    public let rawQuery: String?
    /// The text after `#`, which WebSocket clients never send; `nil` when there is no `#`.
    public let fragment: String?

    /// The parsed query (empty when there is none).
    public var query: QueryString { QueryString(rawQuery ?? "") }

    /// The request target as it goes on the wire: the path (or `/`) and `?query` when there is one.
    public var requestTarget: String {
        let base = path.isEmpty ? "/" : path
        return rawQuery.map { base + "?" + $0 } ?? base
    }

    /// Whether the host is an `execute-api` endpoint (`{api-id}.execute-api.{region}.amazonaws.com`), where the
    /// first path segment must be a stage.
    public var isExecuteAPIHost: Bool {
        guard let host = host?.lowercased() else { return false }
        return host.contains(".execute-api.")
            && (host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn"))
    }

    /// Schemes that may carry a WebSocket handshake (`http(s)` because people paste the management endpoint form).
    public static let supportedSchemes = ["wss", "ws", "https", "http"]

    /// Parses a `$connect` URL.
    ///
    /// - Parameter text: the URL in one of the accepted forms.
    /// - Throws: ``ConnectURLError`` when the text is empty, has an unsupported or missing scheme, no host, a bad
    ///   port, or (path form) does not start with `/`.
    public init(parsing text: String) throws(ConnectURLError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw ConnectURLError(.empty, input: text, "the URL is empty") }
        raw = trimmed

        var rest = Substring(trimmed)
        if rest.hasPrefix("…") || rest.hasPrefix("...") {
            // The elided form from logs and docs: the host was left out on purpose.
            rest = rest.dropFirst(rest.hasPrefix("…") ? 1 : 3)
            scheme = nil
            host = nil
            port = nil
            guard rest.first == "/" else {
                throw ConnectURLError(.missingPath, input: text, "after the elided host, expected a path such as /prod")
            }
        } else if rest.first == "/" {
            scheme = nil
            host = nil
            port = nil
        } else if let (name, afterSeparator) = Self.schemePrefix(rest) {
            guard Self.supportedSchemes.contains(name) else {
                throw ConnectURLError(
                    .unsupportedScheme, input: text,
                    "scheme \"\(name)\" is not one of \(Self.supportedSchemes.joined(separator: ", "))"
                )
            }
            scheme = name
            rest = afterSeparator
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            rest = rest[authorityEnd...]
            (host, port) = try Self.hostAndPort(authority, input: text)
        } else {
            throw ConnectURLError(
                .missingScheme, input: text, "expected wss://host/stage?query, /stage?query or …/stage?query"
            )
        }

        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        } else {
            fragment = nil
        }
        if let question = rest.firstIndex(of: "?") {
            rawQuery = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        } else {
            rawQuery = nil
        }
        path = String(rest)
        (stage, extraPath) = Self.stageAndExtraPath(path)
    }

    /// The lower-cased scheme and the text after `://`, when the text starts with an RFC 3986 scheme and `://`.
    private static func schemePrefix(_ text: Substring) -> (String, Substring)? {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let name = text[..<colon]
        // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        guard let first = name.first, first.isASCII, first.isLetter,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return (name.lowercased(), text[text.index(colon, offsetBy: 3)...])
    }

    private static func hostAndPort(
        _ authority: Substring, input: String
    ) throws(ConnectURLError) -> (String, Int?) {
        let hostPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        var host = hostPort
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            // An IPv6 literal: the port colon comes after the closing bracket.
            guard let close = hostPort.firstIndex(of: "]") else {
                throw ConnectURLError(.missingHost, input: input, "the IPv6 host \"\(hostPort)\" has no closing ]")
            }
            host = hostPort[...close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.first == ":" { portText = after.dropFirst() }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        }
        guard !host.isEmpty else { throw ConnectURLError(.missingHost, input: input, "the URL has no host") }
        guard let portText else { return (String(host), nil) }
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw ConnectURLError(.invalidPort, input: input, "port \"\(portText)\" is not a number from 1 to 65535")
        }
        return (String(host), port)
    }

    private static func stageAndExtraPath(_ path: String) -> (String?, String?) {
        guard path.hasPrefix("/") else { return (nil, nil) }
        let afterSlash = path.dropFirst()
        guard let slash = afterSlash.firstIndex(of: "/") else {
            return (afterSlash.isEmpty ? nil : String(afterSlash), nil)
        }
        let stage = afterSlash[..<slash]
        return (stage.isEmpty ? nil : String(stage), String(afterSlash[slash...]))
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks (pasted URLs often carry a newline).
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
