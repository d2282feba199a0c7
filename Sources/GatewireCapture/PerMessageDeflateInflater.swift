public import GatewireCore

/// Inflates the permessage-deflate messages of one connection: one zlib stream per direction, each keeping its
/// window across messages unless the handshake negotiated `*_no_context_takeover` (RFC 7692 §7.1.1).
public struct PerMessageDeflateInflater {
    private let client: DeflateInflater
    private let server: DeflateInflater

    /// Creates the inflater for the parameters a server accepted.
    ///
    /// - Throws: when zlib cannot allocate its state.
    public init(parameters: PerMessageDeflate) throws {
        client = try DeflateInflater(noContextTakeover: parameters.clientNoContextTakeover)
        server = try DeflateInflater(noContextTakeover: parameters.serverNoContextTakeover)
    }

    /// Inflates one whole compressed message sent by `direction`.
    ///
    /// - Parameters:
    ///   - compressed: the concatenated frame payloads, as on the wire (without the `00 00 FF FF` tail).
    ///   - direction: the sender, which selects the window.
    ///   - limit: the largest output accepted.
    /// - Throws: when the data is not valid deflate, exceeds `limit`, or follows a message that failed (the
    ///   shared window is then lost).
    public mutating func inflate(_ compressed: [UInt8], direction: Direction, limit: Int) throws -> [UInt8] {
        try (direction == .client ? client : server).inflate(compressed, limit: limit)
    }
}

extension PerMessageDeflateInflater: MessageInflater {}
