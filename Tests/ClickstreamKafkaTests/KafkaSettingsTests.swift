import ClickstreamKafka
import Testing

@Suite struct KafkaSettingsTests {
    @Test func environmentOverridesFileWhichOverridesDefaults() {
        let settings = KafkaSettings.resolve(
            file: ["bootstrap.servers": "file:9092", "linger.ms": "50", "sasl.mechanism": "PLAIN"],
            environment: [
                "KAFKA_BOOTSTRAP_SERVERS": "env:9093", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256", "KAFKA_SASL_USERNAME": "alice",
                "KAFKA_SASL_PASSWORD": "hunter2", "KAFKA_UNRELATED": "x",
            ])
        #expect(settings.properties["bootstrap.servers"] == "env:9093")
        #expect(settings.properties["linger.ms"] == "50")
        #expect(settings.properties["security.protocol"] == "SASL_SSL")
        #expect(settings.properties["sasl.mechanisms"] == "SCRAM-SHA-256")
        #expect(settings.properties["sasl.mechanism"] == nil)
        #expect(settings.properties["sasl.username"] == "alice")
        #expect(settings.properties["sasl.password"] == "hunter2")
        #expect(settings.properties["compression.type"] == "lz4")
        #expect(settings.properties["enable.idempotence"] == "true")
        #expect(settings.properties["acks"] == "all")
    }

    @Test func secretsAreRedactedWhenDescribed() {
        var settings = KafkaSettings()
        settings.merge([
            "sasl.password": "hunter2", "ssl.key.password": "s3cret", "sasl.oauthbearer.client.secret": "abc",
        ])
        let description = settings.redactedDescription
        #expect(!description.contains("hunter2"))
        #expect(!description.contains("s3cret"))
        #expect(!description.contains("abc"))
        #expect(description.contains("sasl.password=[redacted]"))
        #expect(description.contains("bootstrap.servers=localhost:9092"))
    }

    @Test func defaultsAreAcceptedByLibrdkafka() throws {
        try KafkaSettings().validate()
    }

    @Test func unknownPropertyIsAClearConfigError() {
        var settings = KafkaSettings()
        settings.merge(["linger.msec": "5"])
        #expect(throws: KafkaError.self) { try settings.validate() }
        do {
            _ = try KafkaProducer(settings: settings)
            Issue.record("a producer was created with an unknown property")
        } catch {
            guard case .unknownProperty(let name, let message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "linger.msec")
            #expect(message.contains("linger.msec"))
            #expect(error.description.contains("unknown Kafka property 'linger.msec'"))
        }
    }

    @Test func invalidValueNamesThePropertyAndValue() {
        var settings = KafkaSettings()
        settings.merge(["compression.type": "zip"])
        do {
            try settings.validate()
            Issue.record("compression.type=zip was accepted")
        } catch {
            guard case .invalidPropertyValue(let name, let value, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "compression.type")
            #expect(value == "zip")
        }
        #expect(KafkaSettings.redacted("sasl.password", "hunter2") == "[redacted]")
    }

    @Test func incompatibleCombinationIsRefusedAtCreation() {
        var settings = KafkaSettings()
        settings.merge(["acks": "1"])  // idempotence needs acks=all
        #expect(throws: KafkaError.self) { try settings.validate() }
    }

    @Test func versionCheckWarnsBelow220() {
        let old = LibrdkafkaVersionCheck(version: "2.0.2", hexVersion: 0x0200_02ff)
        #expect(old.isTooOld)
        #expect(old.warning?.contains("2.2.0") == true)
        #expect(old.warning?.contains("LD_LIBRARY_PATH") == true)
        let fixed = LibrdkafkaVersionCheck(version: "2.2.0", hexVersion: 0x0202_00ff)
        #expect(!fixed.isTooOld)
        #expect(fixed.warning == nil)
        // The tests run on the newer library scripts/setup provides.
        #expect(!LibrdkafkaVersionCheck.current().isTooOld, "run with LD_LIBRARY_PATH=.venv/rdkafka-lib")
    }
}
