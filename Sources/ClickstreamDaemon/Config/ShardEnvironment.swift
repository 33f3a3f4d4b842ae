/// Which slice of the users this daemon owns, from the environment: one config file (a
/// Kubernetes ConfigMap) serves every shard, and each process says which one it is.
///
///   CLICKSTREAM_SHARD_COUNT  over `[generator] shard_count`
///   CLICKSTREAM_SHARD_INDEX  over `[generator] shard_index`
///   CLICKSTREAM_POD_NAME     a StatefulSet pod's name (`clickstreamd-3`): its ordinal is the
///                            shard index, so pod k of a StatefulSet is shard k with no
///                            per-pod configuration (deploy/kubernetes sets it from
///                            metadata.name).
///
/// A shard index that is not below the shard count is refused rather than clamped: two pods
/// on one slice would duplicate users, and a missing slice would lose them without a word.
enum ShardEnvironment {
    static let names = ["CLICKSTREAM_SHARD_COUNT", "CLICKSTREAM_SHARD_INDEX", "CLICKSTREAM_POD_NAME"]

    /// Applies the variables to `generator`; returns what is wrong with them (nothing is
    /// applied then). `notes` gets one line saying where the shard came from.
    static func apply(
        _ env: [String: String], to generator: inout GeneratorSettings,
        notes: inout [String]
    ) -> [ConfigIssue] {
        var reader = EnvironmentReader(env)
        func bad(_ name: String, _ message: String) { reader.bad(name, message) }
        func value(_ name: String) -> String? { reader.value(name) }
        func integer(_ name: String, _ range: ClosedRange<Int>) -> Int? { reader.int(name, range) }

        let count = integer("CLICKSTREAM_SHARD_COUNT", 1...4096)
        let index = integer("CLICKSTREAM_SHARD_INDEX", 0...4095)
        var ordinal: Int?
        if let pod = value("CLICKSTREAM_POD_NAME") {
            ordinal = Self.ordinal(ofPodName: pod)
            if ordinal == nil {
                bad(
                    "CLICKSTREAM_POD_NAME",
                    "must be a StatefulSet pod name ending in -<ordinal> below 4096 (clickstreamd-0), got \"\(pod)\"")
            }
        }
        if let index, let ordinal, index != ordinal {
            bad(
                "CLICKSTREAM_SHARD_INDEX",
                "is \(index) but CLICKSTREAM_POD_NAME (\(env["CLICKSTREAM_POD_NAME"] ?? "")) says shard \(ordinal): set one of them"
            )
        }
        guard reader.issues.isEmpty else { return reader.issues }
        guard count != nil || index != nil || ordinal != nil else { return [] }

        let newCount = count ?? generator.shardCount
        let newIndex = index ?? ordinal ?? generator.shardIndex
        let indexSource =
            index != nil
            ? "CLICKSTREAM_SHARD_INDEX=\(newIndex)"
            : ordinal != nil ? "CLICKSTREAM_POD_NAME=\(env["CLICKSTREAM_POD_NAME"] ?? "")" : "generator.shard_index"
        let countSource = count != nil ? "CLICKSTREAM_SHARD_COUNT=\(newCount)" : "generator.shard_count"
        if newIndex >= newCount {
            let name =
                index != nil
                ? "CLICKSTREAM_SHARD_INDEX" : ordinal != nil ? "CLICKSTREAM_POD_NAME" : "CLICKSTREAM_SHARD_COUNT"
            bad(
                name,
                "shard index \(newIndex) (\(indexSource)) must be less than the shard count \(newCount) (\(countSource)); "
                    + "on Kubernetes the StatefulSet has more replicas than CLICKSTREAM_SHARD_COUNT: change replicas in the kustomization, which sets both (docs/scaling.md)"
            )
            return reader.issues
        }
        generator.shardIndex = newIndex
        generator.shardCount = newCount
        notes.append("shard \(newIndex) of \(newCount) (\(indexSource), \(countSource))")
        return []
    }

    /// The ordinal a StatefulSet appends to its pods' names: `clickstreamd-3` → 3. Nil for a
    /// name without one, with a leading zero (never generated) or beyond the shard range.
    static func ordinal(ofPodName name: String) -> Int? {
        guard let dash = name.lastIndex(of: "-"), dash != name.startIndex else { return nil }
        let digits = name[name.index(after: dash)...]
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            digits == "0" || digits.first != "0", let number = Int(digits), number <= 4095
        else { return nil }
        return number
    }
}
