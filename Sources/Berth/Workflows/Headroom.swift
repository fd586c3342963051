/// Operators keep headroom on their hosts: "never above 80 % cpu". Applied to the instance the
/// placement is solved on, so every stage that reads capacity (MIP rows, packers' admission tests,
/// the independent checker) honours it without knowing about it.
package enum Headroom {
    /// Why `limits` cannot be applied to `cluster`, or `nil`.
    public static func problem(_ limits: [String: Double], in cluster: Cluster) -> String? {
        for (resource, share) in limits.sorted(by: { $0.key < $1.key }) {
            if resource != "*", !cluster.resources.contains(resource) {
                return "unknown resource '\(resource)' (the model has \(cluster.resources.joined(separator: ", ")))"
            }
            if !(share > 0 && share <= 1) { return "\(resource): the share must be in (0, 1], found \(share)" }
        }
        return nil
    }

    /// `instance` with every host's capacity scaled by its resource's share.
    public static func applied(_ limits: [String: Double], to instance: Instance) -> Instance {
        guard !limits.isEmpty else { return instance }
        var scaled = instance
        for h in scaled.cluster.hosts.indices {
            for resource in scaled.cluster.resources {
                guard let share = limits[resource] ?? limits["*"] else { continue }
                scaled.cluster.hosts[h].capacity[resource] *= share
            }
        }
        return scaled
    }

    /// `"0.8"` (every resource) or `"cpu=0.8,memory=0.9"`; `nil` when malformed.
    public static func parse(_ text: String) -> [String: Double]? {
        if let share = Double(text) { return ["*": share] }
        var limits: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, let share = Double(pair[1]), limits[pair[0]] == nil else { return nil }
            limits[pair[0]] = share
        }
        return limits.isEmpty ? nil : limits
    }
}
