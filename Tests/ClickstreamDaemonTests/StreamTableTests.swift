import ClickstreamAPI
import Testing

@testable import ClickstreamDaemon

/// The stream table's transitions, in process: no daemon, no tasks, no sockets. Workers are
/// plain strings; the table only holds them.
@Suite("Stream table")
struct StreamTableTests {
    typealias Table = StreamTable<String>

    private func launched(_ action: Table.Action) -> String? {
        if case .launch(let worker) = action { return worker }
        return nil
    }

    private func cancelled(_ action: Table.Action) -> String? {
        if case .cancel(let worker) = action { return worker }
        return nil
    }

    @Test("start launches; an operator stop cancels and ends stopped; a stream that ends by itself keeps its state")
    func startStop() throws {
        var table = Table()
        #expect(launched(try table.add(id: "a", name: "a", worker: "wa")) == "wa")
        #expect(launched(try table.add(id: "b", name: "b", worker: "wb")) == "wb")
        #expect(table.runningCount == 2)
        #expect(cancelled(table.stop("a")) == "wa")
        #expect(table["a"]?.phase == .stopping(then: .stopped))
        #expect(cancelled(table.stop("a")) == nil)  // already stopping: nothing more to do
        #expect(table.returned("a", ended: .running) == .stopped)
        #expect(table.returned("b", ended: .finished) == .finished)
        #expect(table.runningCount == 0)
        #expect(cancelled(table.stop("b")) == nil)  // ended: nothing to cancel
        #expect(table.all.map(\.phase) == [.ended(.stopped), .ended(.finished)])
    }

    @Test("limits: max running streams, unique running names, unique ids")
    func refusals() throws {
        var table = Table()
        _ = try table.add(id: "a", name: "load", worker: "wa", maxRunning: 2)
        let clash = #expect(throws: RPCError.self) { try table.add(id: "b", name: "load", worker: "wb", maxRunning: 2) }
        #expect(clash?.code == HTTPAPIError.conflictCode && clash?.data?["field"] == "name")  // HTTP 409
        _ = try table.add(id: "b", name: "other", worker: "wb", maxRunning: 2)
        let full = #expect(throws: RPCError.self) { try table.add(id: "c", name: "c", worker: "wc", maxRunning: 2) }
        #expect(full?.knownCode == .limitExceeded)
        #expect(throws: RPCError.self) { try table.add(id: "a", name: "again", worker: "wa2") }
        // A stopped stream from the state file is listed, not launched, and its name is free.
        #expect(launched(try table.add(id: "d", name: "d", worker: "wd", state: .stopped)) == nil)
        _ = table.stop("a")
        _ = table.returned("a", ended: .running)
        #expect(launched(try table.add(id: "e", name: "load", worker: "we", maxRunning: 2)) == "we")
    }

    @Test("find: by id, else a running stream of that name, else any of that name")
    func find() throws {
        var table = Table()
        _ = try table.add(id: "a", name: "load", worker: "wa")
        _ = table.stop("a")
        _ = table.returned("a", ended: .running)
        _ = try table.add(id: "b", name: "load", worker: "wb")
        #expect(table.find("load")?.id == "b")
        #expect(table.find("a")?.id == "a")
        #expect(table.find("nope") == nil)
    }

    @Test("shutdown ends every running stream resumable (a transient one stopped) and refuses new ones")
    func shutdown() throws {
        var table = Table()
        _ = try table.add(id: "a", name: "a", worker: "wa")
        _ = try table.add(id: "g", name: "generate.users", worker: "wg", transient: true)
        _ = try table.add(id: "s", name: "s", worker: "ws", state: .stopped)
        let actions = table.shutdown()
        #expect(actions.compactMap(cancelled) == ["wa", "wg"])
        #expect(throws: RPCError.self) { try table.add(id: "x", name: "x", worker: "wx") }
        #expect(table.returned("a", ended: .running) == .running)
        #expect(table.returned("g", ended: .running) == .stopped)
        // A stream that reached its count as the shutdown came is finished, not resumed.
        var other = Table()
        _ = try other.add(id: "f", name: "f", worker: "wf")
        _ = other.shutdown()
        #expect(other.returned("f", ended: .finished) == .finished)
    }

    @Test("cancelled from outside: a stream stays resumable, a transient one ends stopped")
    func cancelledFromOutside() throws {
        var table = Table()
        _ = try table.add(id: "a", name: "a", worker: "wa")
        _ = try table.add(id: "g", name: "g", worker: "wg", transient: true)
        #expect(table.returned("a", ended: .running) == .running)
        #expect(table.returned("g", ended: .running) == .stopped)
        #expect(table.returned("nope", ended: .running) == nil)
    }

    @Test("a redefinition interrupts, then replaces the worker and launches it again; a removal needs an ended stream")
    func redefineAndRemove() throws {
        var table = Table()
        _ = try table.add(id: "c", name: "c", worker: "old")
        #expect(launched(table.replace("c", with: "new", launch: true)) == nil)  // still running: refused
        #expect(table.remove("c") == nil)
        #expect(cancelled(table.interrupt("c", then: .running)) == "old")
        #expect(table.returned("c", ended: .running) == .running)
        #expect(launched(table.replace("c", with: "new", launch: true)) == "new")
        #expect(table["c"]?.worker == "new" && table["c"]?.phase == .running)
        _ = table.stop("c")
        _ = table.returned("c", ended: .running)
        #expect(table.remove("c") == "new")
        #expect(table.all.isEmpty)
    }

    @Test("the oldest ended streams beyond keepEnded are pruned; running ones never are")
    func prune() throws {
        var table = Table(keepEnded: 2)
        for index in 0..<5 {
            _ = try table.add(id: "s\(index)", name: "s\(index)", worker: "w\(index)")
        }
        for index in 0..<4 { _ = table.returned("s\(index)", ended: .finished) }
        #expect(table.pruneEnded() == ["w0", "w1"])
        #expect(table.order == ["s2", "s3", "s4"])
        #expect(table.pruneEnded().isEmpty)
    }

    @Test("the state file holds every stream but a transient one still running")
    func persistable() throws {
        var table = Table()
        _ = try table.add(id: "a", name: "a", worker: "wa")
        _ = try table.add(id: "g", name: "g", worker: "wg", transient: true)
        #expect(table.persistable.map(\.id) == ["a"])
        _ = table.returned("g", ended: .finished)
        table.settle("g")
        #expect(table.persistable.map(\.id) == ["a", "g"])
    }
}
