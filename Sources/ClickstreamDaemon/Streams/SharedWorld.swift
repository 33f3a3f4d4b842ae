import ClickstreamGenerator
import Synchronization

/// The daemon's current `World`, readable without awaiting the stream manager (a reload with
/// new generator settings swaps it).
final class SharedWorld: Sendable {
    private let current: Mutex<World>

    init(_ world: World) { current = Mutex(world) }

    var world: World { current.withLock { $0 } }

    func set(_ world: World) { current.withLock { $0 = world } }
}
