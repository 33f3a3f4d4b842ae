import Logging

/// Collects the conditions for READY=1: the RPC socket bound, the HTTP listener bound (when
/// enabled), the autostart streams running. Once all hold, tells systemd (once).
actor Readiness {
    enum Part: Hashable, Sendable { case rpcSocket, http, streams }

    private var pending: Set<Part>
    private let notifier: SystemdNotifier
    private let logger: Logger
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private(set) var isReady = false

    init(parts: Set<Part>, notifier: SystemdNotifier, logger: Logger) {
        pending = parts
        self.notifier = notifier
        self.logger = logger
    }

    func done(_ part: Part) {
        guard pending.remove(part) != nil, pending.isEmpty, !isReady else { return }
        isReady = true
        notifier.ready()
        logger.info("clickstreamd ready")
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    /// Returns once READY=1 was sent.
    func wait() async {
        if isReady { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
