import ClickstreamAPI

/// The one-line summary systemd shows (`systemctl status`): streams, events/s, Kafka.
enum StatusLine {
    static func make(running: Int, stats: GlobalStats, kafka: KafkaStatus) -> String {
        let rate =
            stats.currentRate >= 100 ? String(Int(stats.currentRate.rounded())) : String(format1(stats.currentRate))
        return "\(running) stream\(running == 1 ? "" : "s") running, \(rate) events/s, "
            + "\(stats.totalGenerated) generated, \(stats.totalFailed) failed, kafka \(kafka.state.rawValue)"
    }

    private static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
