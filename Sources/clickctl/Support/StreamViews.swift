import ClickstreamAPI

/// How streams, totals and Kafka's state look as text; shared by status, stats and stop.
struct StreamViews {
    var terminal: Terminal

    /// `status`: what each stream is and where it goes.
    func statusTable(_ streams: [StreamInfo]) -> String {
        var table = TextTable(columns: [
            .init("ID"), .init("NAME"), .init("TYPE"), .init("SINK"), .init("DESTINATION"), .init("STATE"),
            .init("RATE", .right), .init("GENERATED", .right), .init("LIMIT"), .init("UPTIME", .right),
        ])
        for stream in streams {
            table.append([
                stream.streamId, stream.name, stream.dataType.rawValue, stream.sink.rawValue, stream.destination,
                stream.state.rawValue, rate(stream.targetRate), Units.grouped(stream.generated), limit(stream),
                Units.duration(stream.uptimeSeconds),
            ])
        }
        return render(table, stateColumn: 5, streams: streams) + behind(streams) + errors(streams)
    }

    /// `stats`: per-stream throughput and delivery.
    func statsTable(_ streams: [StreamInfo]) -> String {
        var table = TextTable(columns: [
            .init("ID"), .init("NAME"), .init("TYPE"), .init("STATE"), .init("TARGET/S", .right),
            .init("ACHIEVED/S", .right),
            .init("GENERATED", .right), .init("DELIVERED", .right), .init("FAILED", .right), .init("QUEUED", .right),
            .init("PACE"),
        ])
        for stream in streams {
            table.append([
                stream.streamId, stream.name, stream.dataType.rawValue, stream.state.rawValue, rate(stream.targetRate),
                Units.compact(stream.achievedRate), Units.grouped(stream.generated), Units.grouped(stream.delivered),
                Units.grouped(stream.failed), Units.grouped(stream.queued), paceLabel(stream.pace),
            ])
        }
        return render(table, stateColumn: 3, streams: streams, failedColumn: 8, paceColumn: 10) + behind(streams)
            + disorder(streams) + errors(streams)
    }

    /// The totals line of `stats`.
    func totals(_ stats: GlobalStats) -> String {
        label("Totals") + "generated " + Units.grouped(stats.totalGenerated)
            + "  delivered " + Units.grouped(stats.totalDelivered)
            + "  failed " + (stats.totalFailed > 0 ? terminal.paint(Units.grouped(stats.totalFailed), .red) : "0")
            + "  queued " + Units.grouped(stats.totalQueued)
            + "  rate " + Units.compact(stats.currentRate) + "/s"
            + "  up " + Units.duration(stats.uptimeSeconds)
    }

    /// Kafka's state on one line (two with an error).
    func kafka(_ kafka: KafkaStatus) -> String {
        var line = label("Kafka") + state(kafka.state)
        if let servers = kafka.bootstrapServers { line += "  " + servers }
        if kafka.state != .disabled { line += "  queue " + Units.grouped(kafka.queueDepth) }
        if let version = kafka.librdkafkaVersion { line += "  librdkafka " + version }
        if let error = kafka.lastError { line += "\n" + label("") + terminal.paint("last error: " + error, .red) }
        return line
    }

    /// A database sink's state on one line (two with an error); nil when not configured.
    func sink(_ name: String, _ status: SinkStatus) -> String? {
        guard status.state != .disabled else { return nil }
        var line = label(name) + state(status.state)
        if let endpoint = status.endpoint { line += "  " + endpoint }
        line += "  queue " + Units.grouped(status.queueDepth)
        if let error = status.lastError { line += "\n" + label("") + terminal.paint("last error: " + error, .red) }
        return line
    }

    func state(_ state: KafkaState) -> String {
        switch state {
        case .connected: terminal.paint(state.rawValue, .green)
        case .connecting: terminal.paint(state.rawValue, .yellow)
        case .degraded: terminal.paint(state.rawValue, .red, .bold)
        case .disabled: terminal.paint(state.rawValue, .dim)
        }
    }

    func label(_ text: String) -> String {
        terminal.paint(text.padding(toLength: 9, withPad: " ", startingAt: 0), .bold)
    }

    /// "No streams." with the command that starts one.
    var noStreams: String {
        "No streams. Start one with: " + terminal.paint("clickctl stream start --type interactions --rate 100", .bold)
    }

    // MARK: - Helpers

    private func rate(_ value: Double) -> String { value == 0 ? "max" : Units.compact(value) }

    private func limit(_ stream: StreamInfo) -> String {
        var parts: [String] = []
        if let count = stream.maxCount { parts.append(Units.compact(Double(count)) + " records") }
        if let duration = stream.duration { parts.append(Units.duration(duration)) }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    /// "on target", "BEHIND", "-" for unpaced streams.
    private func paceLabel(_ pace: StreamPace) -> String {
        switch pace.state {
        case .unpaced: "-"
        case .onTarget: "on target"
        case .behind: "BEHIND"
        }
    }

    /// One line per stream that is behind its target: achieved against target and why.
    private func behind(_ streams: [StreamInfo]) -> String {
        streams.filter { $0.state == .running && $0.pace.state == .behind }.map { stream in
            let reason = stream.pace.reason.map { " — " + $0.rawValue.replacingOccurrences(of: "_", with: " ") } ?? ""
            let detail = stream.pace.detail.map { ": " + $0 } ?? ""
            return "\n"
                + terminal.paint(
                    "\(stream.streamId): behind its target: \(Units.compact(stream.achievedRate))/s of "
                        + "\(Units.compact(stream.targetRate))/s, \(String(format: "%.1f", stream.pace.lagSeconds)) s late\(reason)\(detail)",
                    .yellow, .bold)
        }.joined()
    }

    private func render(
        _ table: TextTable, stateColumn: Int, streams: [StreamInfo], failedColumn: Int? = nil,
        paceColumn: Int? = nil
    ) -> String {
        table.render { row, column, text in
            if row < 0 { return terminal.paint(text, .bold) }
            if column == stateColumn {
                switch streams[row].state {
                case .running: return terminal.paint(text, .green)
                case .stopped: return terminal.paint(text, .yellow)
                case .finished: return terminal.paint(text, .dim)
                case .failed: return terminal.paint(text, .red, .bold)
                }
            }
            if column == failedColumn, streams[row].failed > 0 { return terminal.paint(text, .red) }
            if column == paceColumn {
                switch streams[row].pace.state {
                case .behind: return terminal.paint(text, .yellow, .bold)
                case .onTarget: return terminal.paint(text, .green)
                case .unpaced: return terminal.paint(text, .dim)
                }
            }
            return text
        }
    }

    private func errors(_ streams: [StreamInfo]) -> String {
        streams.compactMap { stream in
            stream.lastError.map { "\n" + terminal.paint("\(stream.streamId): \($0)", .red) }
        }.joined()
    }
}
