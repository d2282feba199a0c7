public import Foundation

/// A point in time with microsecond precision, written as RFC 3339 UTC (`2024-08-01T19:37:55.612063Z`).
///
/// Core never reads the clock: every timestamp arrives as input, so recordings and tests are reproducible.
/// Microseconds are kept as an integer because a `Date` round-trip through text loses the last digit.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64

    /// Creates a timestamp from microseconds since the Unix epoch.
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// Creates a timestamp from a `Date`, rounding to the nearest microsecond.
    public init(_ date: Date) {
        self.microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The microseconds a timestamp read from a file may hold: 0001-01-01T00:00:00Z through
    /// 9999-12-31T23:59:59.999999Z, the instants RFC 3339's four-digit year can write.
    ///
    /// Files carry times as numbers (HAR's float seconds, pcap's seconds and microseconds) that can be anything;
    /// the failable initialisers check them against this range where they are read, so a hostile value becomes a
    /// clear finding instead of an `Int64` conversion or multiplication trap, and every accepted time can be
    /// written to a recording and read back.
    public static let validMicroseconds: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    /// Creates a timestamp from fractional seconds since the epoch, as HAR's `_webSocketMessages[].time` holds.
    ///
    /// - Returns: `nil` when the value is not finite or lies outside `validMicroseconds`.
    public init?(secondsSinceEpoch: Double) {
        guard secondsSinceEpoch.isFinite, let micros = Int64(exactly: (secondsSinceEpoch * 1_000_000).rounded()),
            Self.validMicroseconds.contains(micros)
        else { return nil }
        self.microsecondsSinceEpoch = micros
    }

    /// Creates a timestamp from whole seconds and microseconds since the epoch, as libpcap's `timeval` holds.
    ///
    /// - Returns: `nil` when the instant lies outside `validMicroseconds` (a pcapng timestamp whose high word is
    ///   `0xFFFFFFFF`, for instance) or the microseconds are not below one second.
    public init?(seconds: Int64, microseconds: Int64) {
        guard (0..<1_000_000).contains(microseconds),
            case (let scaled, false) = seconds.multipliedReportingOverflow(by: 1_000_000),
            // Checked before adding, so the sum cannot overflow either.
            Self.validMicroseconds.contains(scaled), Self.validMicroseconds.contains(scaled + microseconds)
        else { return nil }
        self.microsecondsSinceEpoch = scaled + microseconds
    }

    /// This instant moved by a duration in fractional milliseconds, as HAR's entry `time` holds.
    ///
    /// - Returns: `nil` when the duration is not finite or the result lies outside `validMicroseconds`.
    public func adding(milliseconds: Double) -> Timestamp? {
        guard milliseconds.isFinite, let micros = Int64(exactly: (milliseconds * 1000).rounded()),
            case (let sum, false) = microsecondsSinceEpoch.addingReportingOverflow(micros),
            Self.validMicroseconds.contains(sum)
        else { return nil }
        return Timestamp(microsecondsSinceEpoch: sum)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// The same instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: secondsSinceEpoch) }

    /// Fractional seconds since the epoch.
    public var secondsSinceEpoch: Double { Double(microsecondsSinceEpoch) / 1_000_000 }

    /// Whole milliseconds since the epoch, the unit of `connectedAt` and `requestTimeEpoch` in gateway events.
    public var millisecondsSinceEpoch: Int64 { microsecondsSinceEpoch.floorDivided(by: 1000) }

    /// ISO 8601 with milliseconds, the shape of `connectedAt` and `lastActiveAt` in `GET @connections`
    /// (`2024-01-20T11:55:08.123Z`).
    public var iso8601Milliseconds: String {
        String(rfc3339.prefix(23)) + "Z"
    }

    /// The RFC 3339 text, always UTC and always six fractional digits.
    public var rfc3339: String {
        var bytes: [UInt8] = []
        appendRFC3339(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the RFC 3339 text to `bytes`: the digits are written into a buffer on the stack and appended at
    /// once (`String(format:)` cost more per recording line than the rest of the line together, and appending
    /// byte by byte checks the array's room 27 times).
    func appendRFC3339(to bytes: inout [UInt8]) {
        let seconds = microsecondsSinceEpoch.floorDivided(by: 1_000_000)
        let micros = microsecondsSinceEpoch - seconds * 1_000_000
        let civil = CivilDate(daysSinceEpoch: seconds.floorDivided(by: 86_400))
        let secondOfDay = seconds - seconds.floorDivided(by: 86_400) * 86_400
        let fourDigitYear = (0...9999).contains(civil.year)
        if !fourDigitYear {
            // Years outside four digits keep printf's rendering (a sign, or more digits).
            bytes += Array(String(format: "%04lld", civil.year).utf8)
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 27) { buffer in
            var text = DigitWriter(buffer: buffer)
            if fourDigitYear { text.write(civil.year, digits: 4) }
            text.write("-")
            text.write(civil.month, digits: 2)
            text.write("-")
            text.write(civil.day, digits: 2)
            text.write("T")
            text.write(secondOfDay / 3600, digits: 2)
            text.write(":")
            text.write((secondOfDay / 60) % 60, digits: 2)
            text.write(":")
            text.write(secondOfDay % 60, digits: 2)
            text.write(".")
            text.write(micros, digits: 6)
            text.write("Z")
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<text.count]))
        }
    }

    /// Writes ASCII into a buffer with room for everything written.
    private struct DigitWriter {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        private(set) var count = 0

        init(buffer: UnsafeMutableBufferPointer<UInt8>) {
            self.buffer = buffer
        }

        mutating func write(_ character: Unicode.Scalar) {
            buffer[count] = UInt8(ascii: character)
            count += 1
        }

        /// Writes a non-negative number as exactly `digits` decimal digits.
        mutating func write(_ value: Int64, digits: Int) {
            var rest = value
            for index in stride(from: count + digits - 1, through: count, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            count += digits
        }
    }

    /// Parses RFC 3339 text: `Z` or a numeric offset, zero to nine fractional digits (beyond six are cut off).
    ///
    /// - Returns: `nil` when the text is not RFC 3339.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var micros: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                if digits < 6 { micros = micros * 10 + Int64(bytes[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if expect("Zz") {
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2) else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        self.microsecondsSinceEpoch = seconds * 1_000_000 + micros
    }
}

extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an RFC 3339 timestamp")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

extension Timestamp: CustomStringConvertible {
    public var description: String { rfc3339 }
}

/// A proleptic Gregorian date, converted to and from days since the epoch (Howard Hinnant's algorithm), so that
/// formatting needs neither `Calendar` nor a `DateFormatter` and behaves the same on every platform.
private struct CivilDate {
    var year: Int64
    var month: Int64
    var day: Int64

    init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSinceEpoch: Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear.floorDivided(by: 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
