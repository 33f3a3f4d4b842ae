/// Conversions between days since the Unix epoch and proleptic Gregorian dates.
///
/// Hand-written from the well-known public-domain "days from civil" arithmetic, so that
/// timestamps can be formatted without Foundation and without allocation.
public enum CivilTime {
    /// The date of `days` days after 1970-01-01.
    @inlinable
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Days since 1970-01-01 of a Gregorian date (month 1...12, day 1...31).
    @inlinable
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Milliseconds since the epoch of a UTC date and time.
    @inlinable
    public static func millis(
        year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0,
        second: Int64 = 0
    ) -> Int64 {
        ((days(year: year, month: month, day: day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000
    }

    /// Floor division that rounds towards minus infinity (timestamps before 1970 stay correct).
    @inlinable
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
