import ClickstreamAPI

/// The daemon's streams, in start order, and where each one is in its life.
///
/// Pure: no tasks, no I/O, no clock, so every transition is tested in process
/// (StreamTableTests). Each mutating method checks a transition, applies it and returns what
/// the caller must do (`Action`: run a worker, cancel one); the invariants are asserted
/// after every change. `Worker` is what runs a stream (`StreamWorker` in the daemon); the
/// table only holds it.
struct StreamTable<Worker> {
    /// Where one stream is in its life.
    enum Phase: Equatable {
        /// Its worker runs.
        case running
        /// Asked to end; its worker has not returned yet. `then` is its state once it has:
        /// stopped (an operator), or running (a shutdown or a redefinition: it goes on later).
        case stopping(then: StreamState)
        /// Not running: stopped, finished or failed; or running when a shutdown interrupted
        /// it (it resumes on the next start).
        case ended(StreamState)
    }

    struct Entry {
        let id: String
        let name: String
        var worker: Worker
        var phase: Phase
        /// A streaming `generate.*` call while it runs: listed, never resumed, not saved.
        var transient: Bool
    }

    /// What the caller must do after a transition.
    enum Action {
        /// Run the worker; report its return with `returned`.
        case launch(Worker)
        /// Tell the worker to end; its return comes with `returned`.
        case cancel(Worker)
        case none
    }

    /// Ended streams kept listed; older ones are pruned (their counts go to the totals).
    let keepEnded: Int
    private(set) var order: [String] = []
    private var entries: [String: Entry] = [:]
    private(set) var isShuttingDown = false

    init(keepEnded: Int = 100) { self.keepEnded = keepEnded }

    subscript(id: String) -> Entry? { entries[id] }
    var all: [Entry] { order.compactMap { entries[$0] } }
    var runningCount: Int { entries.values.count(where: { $0.phase == .running }) }

    /// Lists a new stream. `state` running launches it (refused while shutting down, beyond
    /// `maxRunning`, or when a running stream has the same name); any other state lists it
    /// as ended (a stopped stream from the state file).
    mutating func add(
        id: String, name: String, worker: Worker, state: StreamState = .running, transient: Bool = false,
        maxRunning: Int = .max
    ) throws(RPCError) -> Action {
        guard entries[id] == nil else {
            throw RPCError(
                .invalidParams, "a stream with id \"\(id)\" exists already", data: ["stream_id": .string(id)])
        }
        if state == .running {
            guard !isShuttingDown else { throw RPCError(.unavailable, "clickstreamd is shutting down") }
            guard runningCount < maxRunning else {
                throw RPCError(
                    .limitExceeded, "at most \(maxRunning) streams may run at once (limits.max_streams)",
                    data: ["limit": "limits.max_streams", "max": .number(Double(maxRunning))])
            }
            if entries.values.contains(where: { $0.name == name && $0.phase == .running }) {
                // A clash with the current state, not a bad value: HTTP 409, as /openapi.json says.
                var conflict = RPCError(
                    .invalidParams, "a running stream is already named \"\(name)\"", data: ["field": "name"])
                conflict.code = HTTPAPIError.conflictCode
                throw conflict
            }
        }
        order.append(id)
        entries[id] = Entry(
            id: id, name: name, worker: worker, phase: state == .running ? .running : .ended(state),
            transient: transient)
        checkInvariants()
        return state == .running ? .launch(worker) : .none
    }

    /// The stream an operator means: by id, else by name (a running one first).
    func find(_ idOrName: String) -> Entry? {
        if let entry = entries[idOrName] { return entry }
        return all.first { $0.name == idOrName && $0.phase == .running } ?? all.first { $0.name == idOrName }
    }

    /// An operator stops a stream; it stays stopped across restarts.
    mutating func stop(_ id: String) -> Action {
        guard var entry = entries[id] else { return .none }
        let action: Action
        switch entry.phase {
        case .running:
            entry.phase = .stopping(then: .stopped)
            action = .cancel(entry.worker)
        case .stopping:
            entry.phase = .stopping(then: .stopped)  // the operator's word wins over a redefinition
            action = .none
        case .ended:
            return .none
        }
        entries[id] = entry
        checkInvariants()
        return action
    }

    /// Ends a running stream to be replaced (a redefinition): it is `then` once returned.
    mutating func interrupt(_ id: String, then: StreamState) -> Action {
        guard var entry = entries[id], entry.phase == .running else { return .none }
        entry.phase = .stopping(then: then)
        entries[id] = entry
        checkInvariants()
        return .cancel(entry.worker)
    }

    /// Shutdown: nothing launches any more; every running stream ends resumable (a
    /// transient one stopped: it is never resumed).
    mutating func shutdown() -> [Action] {
        isShuttingDown = true
        var actions: [Action] = []
        for id in order {
            guard var entry = entries[id], entry.phase == .running else { continue }
            entry.phase = .stopping(then: entry.transient ? .stopped : .running)
            entries[id] = entry
            actions.append(.cancel(entry.worker))
        }
        checkInvariants()
        return actions
    }

    /// A worker returned; `ended` is what its run says (finished, failed, or running when
    /// it was cancelled). Returns the stream's state now, nil for an unknown one.
    mutating func returned(_ id: String, ended: StreamState) -> StreamState? {
        guard var entry = entries[id] else { return nil }
        let state: StreamState
        switch entry.phase {
        case .stopping(let then):
            // Reaching its count as it was being stopped, a stream is finished, not resumable.
            state = ended == .running ? then : ended
        case .running:
            // Cancelled from outside (the whole daemon): resumable, unless transient.
            state = ended == .running && entry.transient ? .stopped : ended
        case .ended(let current):
            assertionFailure("stream \(id) returned twice")
            return current
        }
        entry.phase = .ended(state)
        entries[id] = entry
        checkInvariants()
        return state
    }

    /// Gives an ended stream a new worker (a redefinition); `launch` runs it.
    mutating func replace(_ id: String, with worker: Worker, launch: Bool) -> Action {
        guard var entry = entries[id], case .ended = entry.phase else { return .none }
        entry.worker = worker
        let runs = launch && !isShuttingDown
        if runs { entry.phase = .running }
        entries[id] = entry
        checkInvariants()
        return runs ? .launch(worker) : .none
    }

    /// Once its caller has its result, a transient stream is listed and saved like any other.
    mutating func settle(_ id: String) {
        entries[id]?.transient = false
    }

    /// Removes an ended stream (its config entry is gone); returns its worker.
    mutating func remove(_ id: String) -> Worker? {
        guard let entry = entries[id], case .ended = entry.phase else { return nil }
        entries[id] = nil
        order.removeAll { $0 == id }
        checkInvariants()
        return entry.worker
    }

    /// Drops the oldest ended streams beyond `keepEnded`; returns their workers.
    mutating func pruneEnded() -> [Worker] {
        let ended = order.filter { if case .ended = entries[$0]?.phase { true } else { false } }
        guard ended.count > keepEnded else { return [] }
        var dropped: [Worker] = []
        for id in ended.prefix(ended.count - keepEnded) {
            if let worker = remove(id) { dropped.append(worker) }
        }
        return dropped
    }

    /// What the state file holds: every stream but a transient one still running.
    var persistable: [Entry] {
        all.filter { entry in
            if case .ended = entry.phase { return true }
            return !entry.transient
        }
    }

    private func checkInvariants() {
        assert(order.count == entries.count && Set(order) == Set(entries.keys), "order and entries disagree")
        assert(entries.allSatisfy { $0.key == $0.value.id }, "an entry under another id")
        let runningNames = entries.values.filter { $0.phase == .running }.map(\.name)
        assert(Set(runningNames).count == runningNames.count, "two running streams share a name")
        assert(!isShuttingDown || !entries.values.contains { $0.phase == .running }, "a stream runs after shutdown")
    }
}
