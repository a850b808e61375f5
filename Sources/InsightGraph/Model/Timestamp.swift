/// A point in time as microseconds since 1970-01-01T00:00:00Z.
///
/// PostgreSQL keeps `timestamp` and `timestamptz` with microsecond precision; holding the same
/// integer keeps exports byte-identical across round trips, which `Double` seconds would not.
/// `timestamp` without time zone is read as UTC. PostgreSQL's `infinity` and `-infinity` map to
/// ``infinity`` and ``negativeInfinity``.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    public init(secondsSinceEpoch: Double) {
        self.microsecondsSinceEpoch = Int64((secondsSinceEpoch * 1_000_000).rounded())
    }

    public static let infinity = Timestamp(microsecondsSinceEpoch: .max)
    public static let negativeInfinity = Timestamp(microsecondsSinceEpoch: .min)

    public var isFinite: Bool { self != .infinity && self != .negativeInfinity }
    public var secondsSinceEpoch: Double { Double(microsecondsSinceEpoch) / 1_000_000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// ISO-8601 in UTC ending in `Z`, with fractional seconds only when present:
    /// `2025-03-01T12:00:00Z`, `2025-03-01T12:00:00.250000Z`; `infinity` / `-infinity` otherwise.
    public var iso8601: String {
        if self == .infinity { return "infinity" }
        if self == .negativeInfinity { return "-infinity" }
        let (year, month, day, secondOfDay, fraction) = utcParts
        var text = Timestamp.pad(year, 4) + "-" + Timestamp.pad(month, 2) + "-" + Timestamp.pad(day, 2)
        text += "T" + Timestamp.pad(secondOfDay / 3600, 2) + ":" + Timestamp.pad(secondOfDay / 60 % 60, 2)
        text += ":" + Timestamp.pad(secondOfDay % 60, 2)
        if fraction != 0 { text += "." + Timestamp.pad(fraction, 6) }
        return text + "Z"
    }

    public var description: String { iso8601 }

    /// Builds a timestamp from UTC calendar fields; `nil` when a field is out of range.
    public static func utc(
        year: Int64, month: Int64, day: Int64,
        hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, microsecond: Int64 = 0
    ) -> Timestamp? {
        guard (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour),
              (0...59).contains(minute), (0...60).contains(second), (0..<1_000_000).contains(microsecond),
              day <= daysInMonth(year: year, month: month), abs(year) <= 300_000
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return Timestamp(microsecondsSinceEpoch: seconds * 1_000_000 + microsecond)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (public domain), proleptic Gregorian.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of a day counted from 1970-01-01; public so writers can format without allocating.
    /// The UTC calendar parts of a finite timestamp, as ``iso8601`` spells them (the GraphML writer
    /// writes the same digits as bytes).
    public var utcParts: (year: Int64, month: Int64, day: Int64, secondOfDay: Int64, microsecond: Int64) {
        let micros = microsecondsSinceEpoch
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = Timestamp.civilDate(fromDaysSinceEpoch: days)
        return (year, month, day, secondOfDay, fraction)
    }

    public static func civilDate(fromDaysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }
}
