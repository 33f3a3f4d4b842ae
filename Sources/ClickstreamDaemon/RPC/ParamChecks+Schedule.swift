import ClickstreamAPI
import ClickstreamModel

extension ParamChecks {
    /// A rate schedule against the stream's base rate and `[limits]`: every rate it asks for
    /// is within `limits.max_rate`, and a schedule that multiplies the base rate (spike,
    /// daily) has one to multiply.
    static func schedule(
        _ schedule: RateSchedule?, base: Double, limits: LimitSettings, field: String = "schedule"
    ) throws(RPCError) {
        guard let schedule, schedule != .constant else { return }
        if schedule.usesBaseRate, !(base > 0) {
            throw RPCError(
                .invalidParams,
                "\(field) \"\(schedule)\" multiplies the stream's rate, which is 0 (as fast as possible); give a rate > 0",
                data: ["field": .string(field), "expected": "a rate > 0 with this schedule"])
        }
        // daily's peak depends on the population (the default's busiest minute is ~1.4 × rate):
        // its base rate was checked as `rate`.
        let peak = schedule.peakRate(base: base) ?? 0
        if peak > limits.maxRate {
            throw capExceeded(field, value: peak, cap: limits.maxRate, key: "limits.max_rate")
        }
    }
}
