import Foundation
import GatewireCore
import Testing

/// A frame-by-frame script for `MessageAssembler`, in the spirit of a playbook: `>` lines are frames fed in,
/// `<` lines are the events expected back, in order.
///
///     > client text fin=0 "hel"
///     > client ping "x"
///     < control client ping "x"
///     > client continuation "lo"
///     < message client text "hello" frames=2 largest=3
///
/// Input lines: `> <client|server> <opcode> [fin=0] [rsv1] [rsv2] [rsv3] [masked|unmasked] [code=N] [payload]`,
/// or `> end` for the end of the connection. Client frames are masked and server frames unmasked unless said
/// otherwise; `code=N` puts a 2-byte close code in front of the payload. Payloads are quoted; `\xHH` is a raw
/// byte, `\n`, `\t`, `\"` and `\\` the usual escapes, and a `*N` suffix repeats the payload N times.
///
/// Output lines: `message <from> <opcode> <payload> frames=N largest=N [compressed]`,
/// `control <from> <opcode> <payload>`, `close <from> [code=N] <reason> initiator=<side>`,
/// `error <side> <code> [close code]`. Blank lines and `#` comments are ignored.
struct AssemblerTranscript {
    var configuration = MessageAssemblerConfiguration()
    var inflater: (any MessageInflater)?

    /// Frame `n` of a transcript (counting from 1) is seen `n` seconds after the epoch.
    static func time(ofFrame number: Int) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: Int64(number) * 1_000_000)
    }

    /// Runs the script's input lines and returns the script as it should read: inputs, each followed by the
    /// events it produced.
    func run(_ script: String) throws -> String {
        var assembler = MessageAssembler(connection: "c1", configuration: configuration, inflater: inflater)
        var output: [String] = []
        var frameNumber = 0
        for line in Self.lines(of: script) where line.hasPrefix(">") {
            output.append(line)
            frameNumber += 1
            let time = Self.time(ofFrame: frameNumber)
            let events: [SessionEvent]
            if line == "> end" {
                events = assembler.connectionEnded(at: time)
            } else {
                let (direction, frame) = try Self.parseFrame(line)
                events = Array(assembler.receive(frame, from: direction, at: time))
            }
            output += events.map { "< " + Self.render($0) }
        }
        return output.joined(separator: "\n")
    }

    /// The script without blank lines and comments.
    static func expected(_ script: String) -> String {
        lines(of: script).joined(separator: "\n")
    }

    private static func lines(of script: String) -> [String] {
        script.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    private static func parseFrame(_ line: String) throws -> (Direction, Frame) {
        var tokens = try tokenize(String(line.dropFirst()))
        guard tokens.count >= 2, let direction = Direction(rawValue: tokens.removeFirst()),
            let opcode = Opcode(name: tokens.removeFirst())
        else { throw ParseError(description: "cannot read frame line '\(line)'") }
        var frame = Frame(opcode: opcode, masked: direction == .client, payload: [])
        var code: [UInt8] = []
        for token in tokens {
            switch token {
            case "fin=0": frame.fin = false
            case "rsv1": frame.rsv1 = true
            case "rsv2": frame.rsv2 = true
            case "rsv3": frame.rsv3 = true
            case "masked": frame.masked = true
            case "unmasked": frame.masked = false
            case _ where token.hasPrefix("code="):
                guard let value = UInt16(token.dropFirst(5)) else {
                    throw ParseError(description: "bad close code in '\(line)'")
                }
                code = [UInt8(value >> 8), UInt8(value & 0xFF)]
            case _ where token.hasPrefix("\""):
                frame.payload = try parsePayload(token)
            default:
                throw ParseError(description: "unknown token '\(token)' in '\(line)'")
            }
        }
        frame.payload = code + frame.payload
        return (direction, frame)
    }

    /// Splits on spaces, keeping quoted payloads (and their `*N` suffix) whole.
    private static func tokenize(_ text: String) throws -> [String] {
        var tokens: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in text {
            if inQuotes {
                current.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuotes = false
                }
            } else if character == " " {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                if character == "\"" { inQuotes = true }
                current.append(character)
            }
        }
        guard !inQuotes else { throw ParseError(description: "unterminated quote in '\(text)'") }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private static func parsePayload(_ token: String) throws -> [UInt8] {
        guard let closing = token.lastIndex(of: "\""), closing != token.startIndex else {
            throw ParseError(description: "bad payload \(token)")
        }
        let suffix = token[token.index(after: closing)...]
        var repeats = 1
        if !suffix.isEmpty {
            guard suffix.hasPrefix("*"), let count = Int(suffix.dropFirst()) else {
                throw ParseError(description: "bad repeat in \(token)")
            }
            repeats = count
        }
        var bytes: [UInt8] = []
        var characters = token[token.index(after: token.startIndex)..<closing].makeIterator()
        while let character = characters.next() {
            guard character == "\\" else {
                bytes += Array(String(character).utf8)
                continue
            }
            switch characters.next() {
            case "n": bytes.append(0x0A)
            case "t": bytes.append(0x09)
            case "\"": bytes.append(UInt8(ascii: "\""))
            case "\\": bytes.append(UInt8(ascii: "\\"))
            case "x":
                let hex = String([characters.next(), characters.next()].compactMap { $0 })
                guard let byte = UInt8(hex, radix: 16) else { throw ParseError(description: "bad \\x in \(token)") }
                bytes.append(byte)
            default: throw ParseError(description: "bad escape in \(token)")
            }
        }
        return Array([[UInt8]](repeating: bytes, count: repeats).joined())
    }

    /// Quotes bytes the way payloads are written in transcripts.
    static func quote(_ bytes: [UInt8]) -> String {
        if bytes.count > 8, let first = bytes.first, bytes.allSatisfy({ $0 == first }) {
            return quote([first]) + "*\(bytes.count)"
        }
        func escaped(_ scalar: Unicode.Scalar) -> String {
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\t": "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: hex(UInt8(scalar.value))
            default: String(scalar)
            }
        }
        func hex(_ byte: UInt8) -> String {
            let digits = String(byte, radix: 16, uppercase: true)
            return "\\x" + (digits.count == 1 ? "0" + digits : digits)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return "\"" + text.unicodeScalars.map(escaped).joined() + "\""
        }
        return "\"" + bytes.map { $0 < 0x80 ? escaped(Unicode.Scalar($0)) : hex($0) }.joined() + "\""
    }

    static func render(_ event: SessionEvent) -> String {
        switch event {
        case .message(let message):
            return "message \(message.direction.rawValue) \(message.opcode) \(quote(message.payload)) "
                + "frames=\(message.frameCount) largest=\(message.largestFrameSize.map(String.init) ?? "-")"
                + (message.compressed ? " compressed" : "")
        case .control(let control):
            return "control \(control.direction.rawValue) \(control.opcode) \(quote(control.payload))"
        case .close(let close):
            return "close \(close.direction?.rawValue ?? "-")"
                + (close.info.code.map { " code=\($0)" } ?? "") + " \(quote(Array(close.info.reason.utf8)))"
                + " initiator=\(close.info.initiator?.rawValue ?? "-")"
        case .error(let error):
            return "error \(error.side?.rawValue ?? "-") \(error.code)" + (error.closeCode.map { " \($0)" } ?? "")
        case .connect(let connect):
            return "connect \(connect.connection)"
        }
    }
}

/// Runs a transcript and expects its events to be exactly the `<` lines.
func expectTranscript(
    _ script: String, configuration: MessageAssemblerConfiguration = MessageAssemblerConfiguration(),
    inflater: (any MessageInflater)? = nil, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let actual = try AssemblerTranscript(configuration: configuration, inflater: inflater).run(script)
    #expect(actual == AssemblerTranscript.expected(script), sourceLocation: sourceLocation)
}
