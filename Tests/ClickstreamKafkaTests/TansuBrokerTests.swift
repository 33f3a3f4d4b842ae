import ClickstreamTestSupport
import Testing

@Test func tansuStartsOnAFreePortAndStopsByPID() throws {
    let broker = try TansuBroker.start()
    #expect(Network.isListening(port: broker.port))
    broker.stop()
    #expect(!Network.isListening(port: broker.port))
}
