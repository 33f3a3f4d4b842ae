import ClickstreamTestSupport
import Foundation
import Testing

/// docker-compose.yml cannot run here (no container engine): it is checked against the
/// Compose Specification's JSON Schema (check-jsonschema ships it as `vendor.compose-spec`)
/// and read back for what the README promises: a broker, clickstreamd built from the
/// Dockerfile, the HTTP API on localhost only.
@Suite struct ComposeFileTests {
    static let file = DeploymentTests.root.appendingPathComponent("docker-compose.yml")

    @Test(
        .enabled(if: ProjectPaths.tool("check-jsonschema") != nil, "check-jsonschema is not installed (scripts/setup)"))
    func composeFileMatchesTheComposeSpecification() throws {
        let checker = try #require(ProjectPaths.tool("check-jsonschema"))
        let result = try DeploymentTests.run(checker.path, ["--builtin-schema", "vendor.compose-spec", Self.file.path])
        #expect(result.status == 0, "check-jsonschema:\n\(result.output)")

        // The schema does reject a misspelt key.
        let scratch = try DeploymentTests.Scratch()
        let broken = scratch.url.appendingPathComponent("docker-compose.yml")
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        try text.replacingOccurrences(of: "depends_on:", with: "depend_on:").write(
            to: broken, atomically: true, encoding: .utf8)
        let rejected = try DeploymentTests.run(checker.path, ["--builtin-schema", "vendor.compose-spec", broken.path])
        #expect(rejected.status != 0 && rejected.output.contains("depend_on"), "\(rejected.output)")
    }

    @Test func brokerAndDaemonAreWiredTogetherOnLocalhost() throws {
        let json = try KubernetesManifestTests.python(
            "import sys, json, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
            input: try String(contentsOf: Self.file, encoding: .utf8))
        let compose = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let services = try #require(compose["services"] as? [String: [String: Any]])
        let kafka = try #require(services["kafka"])
        let daemon = try #require(services["clickstreamd"])

        // clickstreamd: the Dockerfile's image, after the broker is healthy.
        #expect(daemon["build"] as? String == ".")
        #expect(
            ((daemon["depends_on"] as? [String: Any])?["kafka"] as? [String: Any])?["condition"] as? String
                == "service_healthy")
        #expect(kafka["healthcheck"] != nil)

        // Every published port is on 127.0.0.1.
        for (name, service) in services {
            for port in service["ports"] as? [String] ?? [] {
                #expect(port.hasPrefix("127.0.0.1:"), "\(name) publishes \(port) beyond localhost")
            }
        }
        // The HTTP API: the image's PORT, published on localhost.
        let dockerfile = try String(
            contentsOf: DeploymentTests.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let imagePort = try #require(
            dockerfile.split(separator: "\n").first { $0.hasPrefix("ENV PORT=") }?.dropFirst(9))
        #expect(daemon["ports"] as? [String] == ["127.0.0.1:\(imagePort):\(imagePort)"])

        // The daemon's bootstrap server is a listener the broker advertises to containers.
        let environment = try #require(daemon["environment"] as? [String: Any])
        let bootstrap = try #require(environment["KAFKA_BOOTSTRAP_SERVERS"] as? String)
        let advertised = try #require(
            (kafka["environment"] as? [String: Any])?["KAFKA_ADVERTISED_LISTENERS"] as? String)
        let endpoints = advertised.split(separator: ",").compactMap { $0.split(separator: "/").last.map(String.init) }
        #expect(endpoints.contains(bootstrap), "\(bootstrap) is not among \(endpoints)")
        #expect(bootstrap.hasPrefix("kafka:"))
        // POST routes on the container's address need a token: one is always set.
        #expect((environment["CLICKSTREAM_HTTP_TOKEN"] as? String)?.contains(":-") == true)
    }
}
