import ClickstreamAPI
import ClickstreamGenerator
import Foundation

/// The config side of the streams: resuming from the state file, `[[streams]]` autostart,
/// and what a reload changes.
extension StreamManager {
    /// The stream id of a `[[streams]]` entry.
    static func configID(_ name: String) -> String { "config-\(name)" }

    /// The `[[streams]]` entry behind a config stream id, in the current config.
    private func configEntry(id: String) -> ConfiguredStream? {
        config.streams.first { Self.configID($0.name) == id }
    }

    /// What a `[[streams]]` entry means under the current config (sink `auto` resolved now).
    private func definition(of entry: ConfiguredStream) throws(RPCError) -> StreamDefinition {
        try config.resolve(entry.spec, id: Self.configID(entry.name), origin: .config)
    }

    /// Resumes what the state file says was running and autostarts config streams that the
    /// state file does not know yet. Streams an operator stopped stay stopped.
    ///
    /// A config stream (`[[streams]]`) takes its definition from the current config, never
    /// from the state file, which only gives its counts and whether it was stopped: so a
    /// broker configured since the last start turns sink `auto` into kafka. A config stream
    /// whose entry is gone is dropped (its counts stay in the totals).
    func restore() async {
        let state: PersistedState
        do {
            state = try store.load()
        } catch {
            logger.error("state file unreadable; starting with no streams", metadata: ["error": "\(error)"])
            state = PersistedState()
        }
        retired = state.retired
        for saved in state.streams {
            let id = saved.definition.id
            do {
                var definition = saved.definition
                if definition.origin == .config {
                    guard let entry = configEntry(id: id) else {
                        retire(saved.counters)
                        logger.notice(
                            "configured stream no longer in the config; dropped", metadata: ["stream": "\(id)"])
                        continue
                    }
                    definition = try self.definition(of: entry)
                }
                let worker = try await makeWorker(
                    definition, counters: saved.counters, startedAt: saved.startedAt,
                    elapsed: saved.elapsedSeconds, lastError: saved.lastError, state: saved.state)
                perform(try table.add(id: id, name: definition.name, worker: worker, state: saved.state))
                if saved.state == .running {
                    logger.info(
                        "stream resumed",
                        metadata: [
                            "stream": "\(id)", "generated": "\(saved.generated)",
                            "sink": "\(worker.destinationDescription)",
                        ])
                }
            } catch {
                logger.error("cannot resume stream", metadata: ["stream": "\(id)", "error": "\(error.message)"])
            }
        }
        await autostartConfigStreams()
        save()
    }

    /// Starts `[[streams]]` entries with autostart that are not known yet (by name).
    func autostartConfigStreams() async {
        for stream in config.streams where stream.autostart {
            let id = Self.configID(stream.name)
            guard table[id] == nil else { continue }
            let caller = RequestCaller(door: .config, who: "[[streams]] \(stream.name)")
            do {
                _ = try await start(stream.spec, origin: .config, id: id)
                audit.record(caller, .streamStart, streamID: id, params: nil, result: .success(()))
            } catch {
                audit.record(caller, .streamStart, streamID: id, params: nil, result: .failure(error))
                logger.error(
                    "cannot autostart stream", metadata: ["stream": "\(stream.name)", "error": "\(error.message)"])
            }
        }
    }

    /// After a reload: every known config stream takes its definition from the new config.
    /// One whose definition changed is replaced by a worker with the new one and the same
    /// counts (restarted if it was running; a stopped one stays stopped); one whose entry is
    /// gone is stopped and dropped (its counts stay in the totals).
    func redefineConfigStreams() async {
        for id in table.order {
            guard let current = table[id], current.worker.definition.origin == .config, !current.transient else {
                continue
            }
            guard let entry = configEntry(id: id) else {
                perform(table.stop(id))
                await waitUntilEnded(id)
                if let worker = table.remove(id) { retire(worker.counters) }
                logger.notice("configured stream removed from the config; stopped", metadata: ["stream": "\(id)"])
                continue
            }
            let definition: StreamDefinition
            do {
                definition = try self.definition(of: entry)
            } catch {
                logger.error(
                    "configured stream keeps its definition",
                    metadata: ["stream": "\(id)", "error": "\(error.message)"])
                continue
            }
            guard definition != current.worker.definition else { continue }
            let wasRunning = current.phase == .running
            perform(table.interrupt(id, then: .running))
            await waitUntilEnded(id)
            guard let ended = table[id] else { continue }
            let old = ended.worker
            do {
                let replacement = try await makeWorker(
                    definition, counters: old.counters, startedAt: old.startedAt,
                    elapsed: old.elapsedSeconds, lastError: old.lastError, state: old.state)
                perform(table.replace(id, with: replacement, launch: wasRunning && old.state == .running))
                logger.info(
                    "configured stream redefined",
                    metadata: ["stream": "\(id)", "sink": "\(replacement.destinationDescription)"])
            } catch {
                old.markEnded(.failed)
                logger.error(
                    "configured stream cannot take its new definition",
                    metadata: ["stream": "\(id)", "error": "\(error.message)"])
            }
        }
    }
}
