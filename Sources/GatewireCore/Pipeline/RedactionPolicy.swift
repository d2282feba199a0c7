/// What Gatewire treats as a credential: the headers, query parameters and subprotocol values whose values never
/// leave the process unless the user asks (`--no-redact`).
///
/// Names are compared case-insensitively. Query parameter names are compared as the gateway decodes them, so
/// `%74oken` is `token`. The lists are documented in docs/recording-format.md; change them there too.
public struct RedactionPolicy: Hashable, Sendable {
    /// Headers that carry credentials.
    public static let credentialHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-amz-security-token",
        "x-auth-token", "x-access-token", "x-csrf-token", "x-xsrf-token",
    ]

    /// The query parameters of a SigV4-presigned (IAM-authorised) `$connect` URL that grant access: the session
    /// token, the signature, and the credential scope (which names the access key id).
    public static let sigV4Parameters: Set<String> = [
        "x-amz-security-token", "x-amz-signature", "x-amz-credential",
    ]

    /// Query parameter names that hold credentials in common WebSocket APIs (an `Authorization` header cannot be set
    /// from a browser's `WebSocket`, so tokens travel in the query).
    public static let credentialParameters: Set<String> = [
        "token", "access_token", "accesstoken", "id_token", "idtoken", "refresh_token", "auth", "auth_token",
        "authtoken", "authorization", "bearer", "jwt", "secret", "client_secret", "password", "passwd", "pwd",
        "signature", "sig", "api_key", "apikey", "api-key", "x-api-key", "session_token", "sessiontoken",
    ]

    /// The header that carries subprotocols, whose values are judged one by one
    /// (``isRecognisableSubprotocol(_:)``).
    public static let subprotocolHeader = "sec-websocket-protocol"

    /// Lower-cased header names to redact.
    public var headers: Set<String>
    /// Lower-cased, decoded query parameter names to redact.
    public var parameters: Set<String>

    /// The default policy, plus the parameters the user names (`--redact-param`).
    public init(extraParameters: some Sequence<String> = []) {
        headers = Self.credentialHeaders
        parameters = Self.credentialParameters.union(Self.sigV4Parameters).union(
            extraParameters.map { $0.lowercased() })
    }

    /// Whether a header's value is a credential.
    public func redactsHeader(named name: String) -> Bool {
        headers.contains(name.lowercased())
    }

    /// Whether a query parameter's value is a credential.
    ///
    /// - Parameter name: the name as the gateway decodes it.
    public func redactsParameter(named name: String) -> Bool {
        parameters.contains(name.lowercased())
    }

    /// Whether a subprotocol value reads as a protocol name rather than a token smuggled in
    /// `Sec-WebSocket-Protocol` (browsers cannot set `Authorization`, so some APIs send
    /// `Sec-WebSocket-Protocol: bearer, eyJhbGciOi…`).
    ///
    /// A name is kept when it is lower-case letters, digits, and `.`, `-` or `_` between parts, at most 48
    /// characters, with every part at most 16 characters and made of letters followed by digits (so `graphql-ws`,
    /// `graphql-transport-ws`, `v12.stomp`, `wamp.2.json`, `ocpp2.0.1`, `mqtt`, `chat` are kept). Anything with
    /// upper case, mixed letters and digits (`a3f9c0…`), `=` or other characters, or long parts is a token.
    public static func isRecognisableSubprotocol(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 48 else { return false }
        var part: [UInt8] = []
        func partIsName() -> Bool {
            guard !part.isEmpty, part.count <= 16 else { return false }
            let letters = part.prefix { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
            return part.dropFirst(letters.count).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                part.append(byte)
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                guard partIsName() else { return false }
                part.removeAll(keepingCapacity: true)
            default:
                return false
            }
        }
        return partIsName()
    }
}
