import ClickstreamModel

/// The disorder a stream injects on purpose: written everywhere as one string (config,
/// `stream.start`, the HTTP query, `clickctl stream start --disorder`, the state file), e.g.
/// `late=0.05:30s,out_of_order=0.1:5s,duplicate=0.01,drop=0.01`.
///
/// Each fraction is of the records generated; one record gets at most one treatment, so the
/// fractions add up to at most 1. `late` and `out_of_order` name the largest delay (in event
/// time: `ms`, `s` or `m`); a delayed record is held back by a uniform draw up to it.
///
/// A spec is made from its string (`parse`, or decoding), so that every door checks it alike.
public struct DisorderSpec: Sendable, Equatable, Hashable {
    /// A treatment that holds records back: the fraction it takes, and the largest delay.
    public struct Delay: Sendable, Equatable, Hashable {
        public var fraction: Double = 0
        public var maxMillis: Int64 = 0

        /// The longest a record is held back by it (0 when it takes none).
        var reachMillis: Int64 { fraction > 0 ? maxMillis : 0 }

        /// `<fraction>:<delay>`, as in the string.
        var text: String { "\(fraction):\(DisorderSpec.text(millis: maxMillis))" }
    }

    /// Held back by up to the delay, meant to exceed a job's allowed lateness.
    public var late = Delay()
    /// Held back by up to the delay, the window: meant to stay within it (reordered, not late).
    public var outOfOrder = Delay()
    /// Fraction sent a second time (same bytes, same interaction_id), up to 1 s later.
    public var duplicate: Double = 0
    /// Fraction generated and never sent.
    public var drop: Double = 0

    /// The longest delay a record can be held back (0 when none is).
    public var maxDelayMillis: Int64 { max(late.reachMillis, outOfOrder.reachMillis) }

    /// The longest delay `late` and `out_of_order` accept.
    public static let maxDelay: Int64 = 3_600_000

    /// Reads `late=<fraction>:<delay>,out_of_order=<fraction>:<delay>,duplicate=<fraction>,drop=<fraction>`
    /// (any subset, any order).
    public static func parse(_ text: String) -> Result<DisorderSpec, DisorderSpecError> {
        var spec = DisorderSpec()
        var seen: Set<Substring> = []
        let expected =
            "expected comma-separated late=<fraction>:<delay>, out_of_order=<fraction>:<delay>, duplicate=<fraction>, drop=<fraction> (e.g. late=0.05:30s,drop=0.01)"
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { return .failure(.init("\(expected), got \"\(part)\"")) }
            let name = pair[0]
            guard seen.insert(name).inserted else { return .failure(.init("\(name) is given twice")) }
            let value = pair[1].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let fraction = Double(value[0]), fraction.isFinite, fraction >= 0, fraction <= 1 else {
                return .failure(.init("\(name) must be a fraction between 0 and 1, got \"\(value[0])\""))
            }
            let delayed = name == "late" || name == "out_of_order"
            var delay: Int64 = 0
            if delayed {
                guard value.count == 2, let millis = Self.millis(value[1]), millis > 0, millis <= maxDelay else {
                    return .failure(
                        .init(
                            "\(name) needs its largest delay after the fraction, 1ms to 60m (e.g. \(name)=0.05:30s), got \"\(pair[1])\""
                        ))
                }
                delay = millis
            } else if value.count == 2 {
                return .failure(.init("\(name) takes a fraction only, got \"\(pair[1])\""))
            }
            switch name {
            case "late": spec.late = Delay(fraction: fraction, maxMillis: delay)
            case "out_of_order": spec.outOfOrder = Delay(fraction: fraction, maxMillis: delay)
            case "duplicate": spec.duplicate = fraction
            case "drop": spec.drop = fraction
            default: return .failure(.init("\(expected), got \"\(name)\""))
            }
        }
        let total = spec.late.fraction + spec.outOfOrder.fraction + spec.duplicate + spec.drop
        guard total <= 1 + 1e-9 else {
            return .failure(
                .init("the fractions add up to \(total); one record gets at most one treatment, so at most 1"))
        }
        return .success(spec)
    }

    /// `250ms`, `30s`, `2m` (whole numbers).
    static func millis(_ text: Substring) -> Int64? {
        for (suffix, factor) in [("ms", Int64(1)), ("s", 1000), ("m", 60_000)] where text.hasSuffix(suffix) {
            guard let n = Int64(text.dropLast(suffix.count)), n >= 0, n <= maxDelay else { return nil }
            return n * factor
        }
        return nil
    }

    static func text(millis: Int64) -> String {
        millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms"
    }
}

/// Why a disorder string could not be read.
public struct DisorderSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    init(_ message: String) { self.message = message }
}

extension DisorderSpec: CanonicalString {

    /// The canonical string (the non-zero treatments in a fixed order), which `parse` reads
    /// back to the same value.
    public var description: String {
        var parts: [String] = []
        if late.fraction > 0 { parts.append("late=" + late.text) }
        if outOfOrder.fraction > 0 { parts.append("out_of_order=" + outOfOrder.text) }
        if duplicate > 0 { parts.append("duplicate=\(duplicate)") }
        if drop > 0 { parts.append("drop=\(drop)") }
        return parts.isEmpty ? "drop=0.0" : parts.joined(separator: ",")
    }

}
