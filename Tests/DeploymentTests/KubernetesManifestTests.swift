import ClickstreamTestSupport
import Foundation
import Testing

/// deploy/kubernetes: rendered with `kubectl kustomize` (kustomize is built into kubectl),
/// validated offline against the Kubernetes schemas by kubernetes-validate (which bundles
/// them), and read back to check the shard wiring against the daemon's own reading of the
/// ConfigMap (`clickstreamd --check-config` with each pod's environment).
@Suite(.enabled(if: ProjectPaths.tool("kubectl") != nil, "kubectl (with its built-in kustomize) is not installed"))
struct KubernetesManifestTests {
    static let base = DeploymentTests.root.appendingPathComponent("deploy/kubernetes")

    /// The base rendered to YAML, and the same parsed (through PyYAML in the venv).
    struct Rendered {
        let yaml: String
        let objects: [[String: Any]]

        func one(_ kind: String, _ name: String? = nil) throws -> [String: Any] {
            let found = objects.filter { $0["kind"] as? String == kind && (name == nil || Self.name(of: $0) == name) }
            return try #require(
                found.count == 1 ? found[0] : nil, "expected one \(kind) \(name ?? ""), found \(found.count)")
        }

        static func name(of object: [String: Any]) -> String? {
            (object["metadata"] as? [String: Any])?["name"] as? String
        }
    }

    static func render(_ directory: URL = base) throws -> Rendered {
        let kubectl = try #require(ProjectPaths.tool("kubectl"))
        // stdout alone: a warning on stderr must not end up in the YAML.
        let result = try Self.run(
            kubectl, ["kustomize", directory.path], environment: ProjectPaths.childEnvironment(), stdoutOnly: true)
        try #require(result.status == 0, "kubectl kustomize \(directory.path):\n\(result.output)")
        let json = try python(
            "import sys, json, yaml; json.dump(list(yaml.safe_load_all(open(sys.argv[1]))), sys.stdout)",
            input: result.output)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return Rendered(yaml: result.output, objects: objects)
    }

    /// Runs `code` in the venv's Python with `input` in a file named by argv[1]; returns stdout.
    static func python(_ code: String, input: String) throws -> String {
        let scratch = try DeploymentTests.Scratch()
        let file = scratch.url.appendingPathComponent("input")
        try input.write(to: file, atomically: true, encoding: .utf8)
        let python = try #require(ProjectPaths.tool("python"), "no python in .venv (scripts/setup)")
        let result = try DeploymentTests.run(python.path, ["-c", code, file.path])
        try #require(result.status == 0, "python:\n\(result.output)")
        return result.output
    }

    // MARK: - schemas

    @Test(
        .enabled(
            if: ProjectPaths.tool("kubernetes-validate") != nil, "kubernetes-validate is not installed (scripts/setup)"),
        arguments: ["1.29.0", "1.37.0"])
    func manifestsValidateAgainstTheKubernetesSchemas(version: String) throws {
        let rendered = try Self.render()
        let kinds = rendered.objects.compactMap { $0["kind"] as? String }.sorted()
        #expect(kinds == ["ConfigMap", "Service", "Service", "StatefulSet"])

        let scratch = try DeploymentTests.Scratch()
        let file = scratch.url.appendingPathComponent("rendered.yaml")
        try rendered.yaml.write(to: file, atomically: true, encoding: .utf8)
        let validator = try #require(ProjectPaths.tool("kubernetes-validate"))
        let result = try DeploymentTests.run(validator.path, ["--strict", "--quiet", "-k", version, file.path])
        #expect(result.status == 0, "kubernetes-validate \(version):\n\(result.output)")

        // The validator does reject a broken manifest (a port as a string, an unknown field).
        let broken = rendered.yaml.replacingOccurrences(of: "containerPort: 8000", with: "containerPort: \"8000\"")
        try #require(broken != rendered.yaml)
        try broken.write(to: file, atomically: true, encoding: .utf8)
        #expect(try DeploymentTests.run(validator.path, ["--strict", "--quiet", "-k", version, file.path]).status != 0)
    }

    // MARK: - shard wiring

    @Test func everyPodIsTheShardOfItsOrdinalOutOfTheReplicaCount() throws {
        let rendered = try Self.render()
        let pod = try PodTemplate(rendered)
        let replicas = try #require(pod.statefulSet["spec"].map { ($0 as? [String: Any])?["replicas"] as? Int } ?? nil)
        #expect(replicas == 3)
        // The ordinal comes from the pod's name, the count is the replica count.
        #expect(pod.env("CLICKSTREAM_POD_NAME")?.fieldPath == "metadata.name")
        #expect(pod.env("CLICKSTREAM_SHARD_COUNT")?.value == "\(replicas)")
        #expect(pod.env("CLICKSTREAM_SHARD_INDEX") == nil, "one index per pod: from the ordinal, not a shared value")
        let generator = try #require(try pod.tomlSettings()["generator"] as? [String: Any])
        #expect(
            generator["shard_index"] == nil && generator["shard_count"] == nil,
            "the ConfigMap is shared by every shard: no shard keys in it")
        let toml = try pod.configFile()

        // The daemon itself reads the ConfigMap with each pod's environment.
        let scratch = try DeploymentTests.Scratch()
        let config = scratch.url.appendingPathComponent("clickstreamd.toml")
        try toml.write(to: config, atomically: true, encoding: .utf8)
        let port = try #require(pod.containerPort("http"))
        for ordinal in 0..<replicas {
            let result = try Self.checkConfig(config, environment: pod.environment(ordinal: ordinal))
            #expect(result.status == 0, "pod \(ordinal):\n\(result.output)")
            #expect(
                result.output.contains(
                    "shard \(ordinal) of \(replicas) (CLICKSTREAM_POD_NAME=clickstreamd-\(ordinal), CLICKSTREAM_SHARD_COUNT=\(replicas))"
                ),
                "pod \(ordinal):\n\(result.output)")
            #expect(
                result.output.contains("http 0.0.0.0:\(port)"),
                "the daemon listens where the probes look:\n\(result.output)")
            #expect(result.output.contains("default sink kafka"), "\(result.output)")
        }
        // One pod more than the count (what `kubectl scale` alone would make) refuses to start.
        let extra = try Self.checkConfig(config, environment: pod.environment(ordinal: replicas))
        #expect(extra.status == 78, "\(extra.output)")
        #expect(extra.output.contains("must be less than the shard count \(replicas)"), "\(extra.output)")
    }

    @Test func changingReplicasInTheKustomizationChangesTheShardCountToo() throws {
        let scratch = try DeploymentTests.Scratch()
        let copy = scratch.url.appendingPathComponent("kubernetes")
        try FileManager.default.copyItem(at: Self.base, to: copy)
        let kustomization = copy.appendingPathComponent("kustomization.yaml")
        let text = try String(contentsOf: kustomization, encoding: .utf8)
        let scaled = text.replacingOccurrences(of: "    count: 3\n", with: "    count: 7\n")
        try #require(scaled != text, "kustomization.yaml has no `count: 3` under replicas")
        try scaled.write(to: kustomization, atomically: true, encoding: .utf8)

        let pod = try PodTemplate(try Self.render(copy))
        #expect((pod.statefulSet["spec"] as? [String: Any])?["replicas"] as? Int == 7)
        #expect(pod.env("CLICKSTREAM_SHARD_COUNT")?.value == "7")
    }

    @Test func theConfigMapIsMountedWhereTheDaemonReadsIt() throws {
        let rendered = try Self.render()
        let pod = try PodTemplate(rendered)
        let args = try #require(pod.container["args"] as? [String])
        let index = try #require(args.firstIndex(of: "--config"))
        let path = try #require(index + 1 < args.count ? args[index + 1] : nil)
        let directory = (path as NSString).deletingLastPathComponent
        let key = (path as NSString).lastPathComponent

        let mount = try #require(
            pod.mounts.first { $0["mountPath"] as? String == directory }, "nothing mounted at \(directory)")
        #expect(mount["readOnly"] as? Bool == true)
        let volume = try #require(pod.volumes.first { $0["name"] as? String == mount["name"] as? String })
        let mapName = try #require((volume["configMap"] as? [String: Any])?["name"] as? String)
        let map = try rendered.one("ConfigMap", mapName)
        #expect((map["data"] as? [String: String])?.keys.sorted() == [key])
        #expect(
            try pod.configFile()
                == (try String(contentsOf: Self.base.appendingPathComponent("clickstreamd.toml"), encoding: .utf8)))
    }

    @Test func probesScrapeAndServiceUseTheConfiguredPort() throws {
        let rendered = try Self.render()
        let pod = try PodTemplate(rendered)
        let settings = try pod.tomlSettings()
        let http = try #require(settings["http"] as? [String: Any])
        let port = try #require(http["port"] as? Int)
        #expect(http["enabled"] as? Bool == true && http["host"] as? String == "0.0.0.0")
        #expect(pod.containerPort("http") == port)
        // The image's PORT=8000 (Railway) would override [http] port: the pod empties it.
        #expect(pod.env("PORT")?.value == "")

        for probe in ["readinessProbe", "livenessProbe"] {
            let get = try #require((pod.container[probe] as? [String: Any])?["httpGet"] as? [String: Any], "\(probe)")
            #expect(get["path"] as? String == "/health", "\(probe)")
            #expect(pod.resolve(get["port"]) == port, "\(probe) port \(String(describing: get["port"]))")
        }
        let annotations = try #require(pod.templateMetadata["annotations"] as? [String: String])
        #expect(annotations["prometheus.io/scrape"] == "true")
        #expect(annotations["prometheus.io/port"] == "\(port)")
        #expect(annotations["prometheus.io/path"] == "/metrics")

        let labels = try #require(pod.templateMetadata["labels"] as? [String: String])
        let services = rendered.objects.filter { $0["kind"] as? String == "Service" }
        #expect(services.count == 2)
        for service in services {
            let spec = try #require(service["spec"] as? [String: Any])
            let selector = try #require(spec["selector"] as? [String: String])
            #expect(
                selector.allSatisfy { labels[$0.key] == $0.value }, "\(Rendered.name(of: service) ?? "") selects no pod"
            )
            let ports = try #require(spec["ports"] as? [[String: Any]])
            #expect(ports.count == 1 && pod.resolve(ports[0]["targetPort"]) == port)
        }
        let governing = (pod.statefulSet["spec"] as? [String: Any])?["serviceName"] as? String
        let headless = try rendered.one("Service", governing)
        #expect((headless["spec"] as? [String: Any])?["clusterIP"] as? String == "None")
    }

    @Test func secretsComeFromASecretAndNeverFromTheManifests() throws {
        let pod = try PodTemplate(try Self.render())
        for name in ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "CLICKSTREAM_HTTP_TOKEN"] {
            let env = try #require(pod.env(name), "\(name) not set")
            #expect(env.value == nil, "\(name) has a literal value")
            #expect(env.secret == "clickstreamd", "\(name) not from the Secret clickstreamd")
        }
        let toml = try pod.configFile()
        #expect(!toml.contains("sasl_password") && !toml.contains("sasl_username"))
    }

    @Test func securityContextMatchesTheSystemdHardening() throws {
        let pod = try PodTemplate(try Self.render())
        let unit = DeploymentTests.settings(
            of: try String(
                contentsOf: DeploymentTests.root.appendingPathComponent("systemd/clickstreamd.service"), encoding: .utf8
            ))
        let dockerfile = try String(
            contentsOf: DeploymentTests.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let podSecurity = try #require(pod.spec["securityContext"] as? [String: Any])
        let security = try #require(pod.container["securityContext"] as? [String: Any])

        // User=clickstream → the image's numeric non-root user.
        #expect(unit["User"] == ["clickstream"])
        #expect(podSecurity["runAsNonRoot"] as? Bool == true && security["runAsNonRoot"] as? Bool == true)
        let uid = try #require(podSecurity["runAsUser"] as? Int)
        #expect(uid != 0 && dockerfile.contains("USER \(uid):"), "runAsUser \(uid) is not the Dockerfile's USER")
        // NoNewPrivileges=yes, CapabilityBoundingSet= (none), ProtectSystem=strict, seccomp.
        #expect(unit["NoNewPrivileges"] == ["yes"] && security["allowPrivilegeEscalation"] as? Bool == false)
        #expect(security["privileged"] as? Bool == false)
        #expect(
            unit["CapabilityBoundingSet"] == [""]
                && (security["capabilities"] as? [String: Any])?["drop"] as? [String] == ["ALL"])
        #expect((security["capabilities"] as? [String: Any])?["add"] == nil)
        #expect(unit["ProtectSystem"] == ["strict"] && security["readOnlyRootFilesystem"] as? Bool == true)
        #expect(
            unit["SystemCallFilter"]?.contains("@system-service") == true
                && (podSecurity["seccompProfile"] as? [String: Any])?["type"] as? String == "RuntimeDefault")
        #expect(pod.spec["automountServiceAccountToken"] as? Bool == false)

        // With a read-only root, every directory the daemon writes is a volume.
        let settings = try pod.tomlSettings()
        let daemon = try #require(settings["daemon"] as? [String: Any])
        let socket = try #require(daemon["socket_path"] as? String)
        let state = try #require(daemon["state_dir"] as? String)
        let mounted = Set(pod.mounts.compactMap { $0["readOnly"] as? Bool == true ? nil : $0["mountPath"] as? String })
        #expect(mounted.contains((socket as NSString).deletingLastPathComponent), "socket dir not writable")
        #expect(mounted.contains(state), "state dir not writable")
        #expect(mounted.contains("/tmp"), "PrivateTmp=yes: a /tmp of its own")

        // SIGTERM → flush within shutdown_timeout, before the kubelet's SIGKILL.
        let grace = try #require(pod.spec["terminationGracePeriodSeconds"] as? Int)
        let timeout = try #require(daemon["shutdown_timeout"] as? Double)
        #expect(Double(grace) > timeout)
    }

    @Test func resourceRequestsAreSet() throws {
        let pod = try PodTemplate(try Self.render())
        let resources = try #require(pod.container["resources"] as? [String: Any])
        let requests = try #require(resources["requests"] as? [String: String])
        #expect(requests["cpu"] != nil && requests["memory"] != nil)
        let limits = try #require(resources["limits"] as? [String: String])
        // A memory limit (the session table is bounded, so is the daemon), above the request;
        // no CPU limit (throttling would make the pacer miss its rate).
        let request = try #require(requests["memory"].flatMap(Self.mebibytes))
        let limit = try #require(limits["memory"].flatMap(Self.mebibytes))
        #expect(
            limit >= request && request >= 400,
            "requests \(requests), limits \(limits): a shard holds ~400 MB (docs/scaling.md)")
        #expect(limits["cpu"] == nil)
        // The figures they come from are stated next to them.
        let manifest = try String(contentsOf: Self.base.appendingPathComponent("statefulset.yaml"), encoding: .utf8)
        #expect(manifest.contains("# Measured on"))
    }

    /// "512Mi" → 512, "1Gi" → 1024 (the units these manifests use).
    static func mebibytes(_ quantity: String) -> Int? {
        if quantity.hasSuffix("Mi") { return Int(quantity.dropLast(2)) }
        if quantity.hasSuffix("Gi") { return Int(quantity.dropLast(2)).map { $0 * 1024 } }
        return nil
    }

    // MARK: - helpers

    /// `clickstreamd --config <file> --check-config` with `environment` on top of the test's.
    static func checkConfig(_ config: URL, environment: [String: String]) throws -> (status: Int32, output: String) {
        let daemon = try DeploymentTests.builtExecutable("clickstreamd")
        var env = ProjectPaths.childEnvironment()
        for name in [
            "PORT", "HOST", "KAFKA_BOOTSTRAP_SERVERS", "CLICKSTREAM_SHARD_INDEX", "CLICKSTREAM_SHARD_COUNT",
            "CLICKSTREAM_POD_NAME", "MAX_USERS", "MAX_PRODUCTS", "GENERATION_RATE", "BATCH_SIZE",
        ] {
            env[name] = nil
        }
        env.merge(environment) { _, new in new }
        return try run(daemon, ["--config", config.path, "--check-config"], environment: env)
    }

    /// Runs a short command to its end with `environment`; its stdout and stderr together,
    /// or stdout alone (stderr then goes to the test's).
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String],
        stdoutOnly: Bool = false
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = stdoutOnly ? FileHandle.standardError : pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
