import ClickstreamAPI
import ClickstreamModel

extension StreamManager {
    /// `stream.update`: a running stream takes a new rate and/or schedule at once, without a
    /// restart (same worker, counters going on) and without a gap (the pacer rebases from
    /// now and what was emitted so far). Saved, so a restart keeps it; a `[[streams]]`
    /// stream takes its config's definition again at the next reload or restart.
    func update(_ params: StreamUpdateParams) throws(RPCError) -> StreamUpdateResult {
        guard let entry = table.find(params.streamId) else {
            throw RPCError(
                .notFound, "no stream \"\(params.streamId)\"", data: ["stream_id": .string(params.streamId)])
        }
        guard entry.phase == .running else {
            let state = entry.worker.state
            var error = RPCError(
                .invalidParams,
                "stream \"\(entry.id)\" is \(state.rawValue): only a running stream can be updated (start a new one)",
                data: ["field": "stream_id", "stream_id": .string(entry.id), "state": .string(state.rawValue)])
            error.code = HTTPAPIError.conflictCode
            throw error
        }
        guard params.rate != nil || params.schedule != nil else {
            throw RPCError(
                .invalidParams, "give rate and/or schedule: stream.update changes nothing else",
                data: ["field": "rate", "expected": "rate (number ≥ 0) and/or schedule"])
        }
        let before = entry.worker.definition
        let rate = params.rate ?? before.rate
        let schedule = params.schedule ?? .constant
        try ParamChecks.rate(rate, limits: config.limits)
        try ParamChecks.schedule(schedule, base: rate, limits: config.limits)
        let after = entry.worker.update(rate: rate, schedule: schedule)
        save()
        logger.info(
            "stream updated",
            metadata: [
                "stream": "\(entry.id)", "rate": "\(after.rate)", "schedule": "\(after.schedule)",
                "previous_rate": "\(before.rate)", "previous_schedule": "\(before.schedule)",
            ])
        return StreamUpdateResult(
            streamId: entry.id, rate: after.rate, schedule: after.schedule, previousRate: before.rate,
            previousSchedule: before.schedule)
    }
}
