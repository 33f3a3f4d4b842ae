import ClickstreamTestSupport
import Foundation
import Testing

/// The clickstreamd StatefulSet of rendered manifests, read the way the kubelet would: its
/// container, environment, ports, volumes and the ConfigMap it mounts.
struct PodTemplate {
    /// One `env` entry: a literal value, a downward-API field or a Secret key.
    struct EnvEntry {
        var value: String?
        var fieldPath: String?
        var secret: String?
        var optional: Bool
    }

    let rendered: KubernetesManifestTests.Rendered
    let statefulSet: [String: Any]
    let templateMetadata: [String: Any]
    let spec: [String: Any]
    let container: [String: Any]

    init(_ rendered: KubernetesManifestTests.Rendered) throws {
        self.rendered = rendered
        statefulSet = try rendered.one("StatefulSet", "clickstreamd")
        let template = try #require((statefulSet["spec"] as? [String: Any])?["template"] as? [String: Any])
        templateMetadata = template["metadata"] as? [String: Any] ?? [:]
        spec = try #require(template["spec"] as? [String: Any])
        let containers = try #require(spec["containers"] as? [[String: Any]])
        container = try #require(containers.first { $0["name"] as? String == "clickstreamd" })
    }

    var name: String { KubernetesManifestTests.Rendered.name(of: statefulSet) ?? "" }
    var mounts: [[String: Any]] { container["volumeMounts"] as? [[String: Any]] ?? [] }
    var volumes: [[String: Any]] { spec["volumes"] as? [[String: Any]] ?? [] }

    func env(_ name: String) -> EnvEntry? {
        guard let entry = (container["env"] as? [[String: Any]])?.first(where: { $0["name"] as? String == name }) else {
            return nil
        }
        let from = entry["valueFrom"] as? [String: Any]
        let secret = from?["secretKeyRef"] as? [String: Any]
        return EnvEntry(
            value: entry["value"] as? String,
            fieldPath: (from?["fieldRef"] as? [String: Any])?["fieldPath"] as? String,
            secret: secret?["name"] as? String, optional: secret?["optional"] as? Bool ?? false)
    }

    func containerPort(_ name: String) -> Int? {
        (container["ports"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["containerPort"] as? Int
    }

    /// A port given as a number or as the name of a container port.
    func resolve(_ port: Any?) -> Int? {
        if let number = port as? Int { return number }
        if let name = port as? String { return containerPort(name) }
        return nil
    }

    /// The TOML the container reads (`--config`), from the ConfigMap mounted there.
    func configFile() throws -> String {
        let args = try #require(container["args"] as? [String])
        let path = try #require(args.firstIndex(of: "--config").map { args[$0 + 1] })
        let mount = try #require(
            mounts.first { $0["mountPath"] as? String == (path as NSString).deletingLastPathComponent })
        let volume = try #require(volumes.first { $0["name"] as? String == mount["name"] as? String })
        let mapName = try #require((volume["configMap"] as? [String: Any])?["name"] as? String)
        let data = try #require(try rendered.one("ConfigMap", mapName)["data"] as? [String: String])
        return try #require(data[(path as NSString).lastPathComponent])
    }

    /// The config file parsed (Python's tomllib).
    func tomlSettings() throws -> [String: Any] {
        let json = try KubernetesManifestTests.python(
            "import sys, json, tomllib; json.dump(tomllib.load(open(sys.argv[1], 'rb')), sys.stdout)",
            input: try configFile())
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    /// The environment pod `ordinal` runs with: the image's `ENV` lines (Dockerfile), then the
    /// container's `env` (metadata.name → `<statefulset>-<ordinal>`; optional Secret keys
    /// absent, as with no Secret created).
    func environment(ordinal: Int) throws -> [String: String] {
        var result: [String: String] = [:]
        let dockerfile = try String(
            contentsOf: DeploymentTests.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        for line in dockerfile.split(separator: "\n") where line.hasPrefix("ENV ") {
            let pair = line.dropFirst(4).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { result[String(pair[0])] = String(pair[1]) }
        }
        for entry in container["env"] as? [[String: Any]] ?? [] {
            let name = try #require(entry["name"] as? String)
            let value = try #require(env(name))
            if let literal = value.value {
                result[name] = literal
            } else if value.fieldPath == "metadata.name" {
                result[name] = "\(self.name)-\(ordinal)"
            } else {
                try #require(
                    value.secret != nil && value.optional, "\(name): only optional Secret keys can be left out")
            }
        }
        return result
    }
}
