import ClickstreamAPI

extension StreamViews {
    /// `stats`: one line per stream with disorder, what it injected.
    func disorder(_ streams: [StreamInfo]) -> String {
        streams.compactMap { stream in
            stream.disorder.map { d in
                "\n\(stream.streamId): injected late " + Units.grouped(d.late) + "  out of order "
                    + Units.grouped(d.outOfOrder) + "  duplicated " + Units.grouped(d.duplicated) + "  dropped "
                    + Units.grouped(d.dropped) + "  held " + Units.grouped(d.held)
                    + terminal.paint("  (generated + duplicated = delivered + failed + queued + dropped)", .dim)
            }
        }.joined()
    }
}
