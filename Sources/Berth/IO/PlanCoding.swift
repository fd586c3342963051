import Foundation

// JSON shape of a plan (format berth-plan/1): strict keys, like instances.

extension PlanAction: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, kind, vm, from, to, start, end, dependsOn, note }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a plan action")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(Int.self, forKey: .id),
            kind: try c.decode(PlanActionKind.self, forKey: .kind),
            vm: try c.decodeIfPresent(String.self, forKey: .vm),
            from: try c.decodeIfPresent(String.self, forKey: .from),
            to: try c.decodeIfPresent(String.self, forKey: .to),
            start: try c.decode(Double.self, forKey: .start),
            end: try c.decode(Double.self, forKey: .end),
            dependsOn: try c.decodeIfPresent([Int].self, forKey: .dependsOn) ?? [],
            note: try c.decodeIfPresent(String.self, forKey: .note))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(vm, forKey: .vm)
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(to, forKey: .to)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        if !dependsOn.isEmpty { try c.encode(dependsOn, forKey: .dependsOn) }
        try c.encodeIfPresent(note, forKey: .note)
    }
}

extension MigrationPlan: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case format, actions, notes }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a plan")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: c, debugDescription: "unsupported plan format '\(format)' (expected '\(Self.format)')")
        }
        self.init(
            actions: try c.decode([PlanAction].self, forKey: .actions),
            notes: try c.decodeIfPresent([String].self, forKey: .notes) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.format, forKey: .format)
        try c.encode(actions, forKey: .actions)
        try c.encode(notes, forKey: .notes)
    }
}

extension InstanceCodec {
    /// Decodes a plan and checks that it names known VMs and hosts and well-formed actions.
    public static func decodePlan(_ data: Data, for cluster: Cluster, file: String? = nil) throws(InputError) -> MigrationPlan {
        let plan: MigrationPlan = try decode(MigrationPlan.self, data, file: file)
        let hosts = Set(cluster.hosts.map(\.id)), vms = Set(cluster.vms.map(\.id))
        var issues: [InputIssue] = []
        for (i, action) in plan.actions.enumerated() {
            let path = "actions[\(i)]"
            if action.id != i { issues.append(InputIssue(path: "\(path).id", message: "action ids must be their position (expected \(i), found \(action.id))")) }
            if let vm = action.vm, !vms.contains(vm) { issues.append(InputIssue(path: "\(path).vm", message: "unknown VM '\(vm)'")) }
            for (field, host) in [("from", action.from), ("to", action.to)] {
                if let host, !hosts.contains(host) { issues.append(InputIssue(path: "\(path).\(field)", message: "unknown host '\(host)'")) }
            }
            let needs: [String] = switch action.kind {
            case .migrate, .resume: ["vm", "from", "to"]
            case .suspend: ["vm", "from"]
            case .boot, .shutdown: ["to"]
            }
            let present = ["vm": action.vm, "from": action.from, "to": action.to]
            for field in needs where present[field]! == nil {
                issues.append(InputIssue(path: "\(path).\(field)", message: "a \(action.kind.rawValue) action needs '\(field)'"))
            }
            if !(action.start.isFinite && action.end.isFinite && action.start >= 0 && action.end >= action.start) {
                issues.append(InputIssue(path: "\(path).end", message: "needs 0 ≤ start ≤ end, found \(action.start)…\(action.end)"))
            }
            for (j, dep) in action.dependsOn.enumerated() where dep < 0 || dep >= plan.actions.count || dep == i {
                issues.append(InputIssue(path: "\(path).dependsOn[\(j)]", message: "no action \(dep) to depend on"))
            }
        }
        if issues.isEmpty, let cycle = dependencyCycle(plan) {
            issues.append(InputIssue(
                path: "actions[\(cycle[0])].dependsOn",
                message: "the dependencies form a cycle (\(cycle.map(String.init).joined(separator: " → ")) → \(cycle[0])): no action of it can ever start"))
        }
        guard issues.isEmpty else { throw InputError(file: file, issues: issues) }
        return plan
    }

    /// The actions of one dependency cycle, in order, or `nil` when the dependencies are acyclic.
    static func dependencyCycle(_ plan: MigrationPlan) -> [Int]? {
        // Iterative depth-first search (a recursive one could exhaust the stack on a long chain).
        var state = [UInt8](repeating: 0, count: plan.actions.count)  // 0 new, 1 on the path, 2 done
        for root in plan.actions.indices where state[root] == 0 {
            var path: [(action: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let (action, next) = path.last {
                let dependencies = plan.actions[action].dependsOn
                guard next < dependencies.count else {
                    state[action] = 2
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let dependency = dependencies[next]
                if state[dependency] == 1 {
                    let start = path.firstIndex { $0.action == dependency }!
                    return path[start...].map(\.action)
                }
                if state[dependency] == 0 {
                    state[dependency] = 1
                    path.append((dependency, 0))
                }
            }
        }
        return nil
    }

    public static func loadPlan(path: String, for cluster: Cluster) throws(InputError) -> MigrationPlan {
        try decodePlan(try read(path), for: cluster, file: path)
    }
}
