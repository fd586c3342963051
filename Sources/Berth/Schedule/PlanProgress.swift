import Foundation

/// What happened while a plan ran (format `berth-progress/1`), for replanning from the real state.
///
/// Actions not listed have not started. A `running` action is taken to finish as planned: the new
/// plan starts once the running actions have ended. A `failed` or `aborted` action changed nothing
/// (a failed boot leaves its host unusable). Hosts that went down are unusable and their VMs are
/// restarted elsewhere (placed again, not migrated).
public struct PlanProgress: Hashable, Sendable {
    public static let format = "berth-progress/1"

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case done, running, failed, aborted
    }

    public struct Entry: Hashable, Sendable {
        public var action: Int
        public var status: Status

        public init(action: Int, status: Status) {
            self.action = action
            self.status = status
        }
    }

    public var actions: [Entry]
    /// Hosts that went down during the plan.
    public var hostsDown: [String]

    public init(actions: [Entry], hostsDown: [String] = []) {
        self.actions = actions
        self.hostsDown = hostsDown
    }

    /// The cluster as it stands once the running actions end: the model's instance with VMs and host
    /// states moved on, and one note per change an operator should know about.
    public func currentState(of instance: Instance, plan: MigrationPlan) -> (instance: Instance, notes: [String]) {
        var cluster = instance.cluster
        var notes: [String] = []
        let hostIndex = Dictionary(cluster.hosts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let vmIndex = Dictionary(cluster.vms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var unusable = Set<String>()
        let status = Dictionary(actions.map { ($0.action, $0.status) }, uniquingKeysWith: { _, last in last })
        // Apply finished and finishing actions in the plan's order.
        for action in plan.actions.sorted(by: { ($0.start, $0.id) < ($1.start, $1.id) }) {
            guard let s = status[action.id] else { continue }
            switch s {
            case .done, .running:
                switch action.kind {
                case .boot: if let h = hostIndex[action.to!] { cluster.hosts[h].state = .online }
                case .shutdown: if let h = hostIndex[action.to!] { cluster.hosts[h].state = .offline }
                case .migrate, .resume:
                    if let v = vmIndex[action.vm!] {
                        cluster.vms[v].host = action.to
                        cluster.vms[v].state = .running
                    }
                case .suspend: if let v = vmIndex[action.vm!] { cluster.vms[v].state = .sleeping }
                }
                if s == .running { notes.append("\(action.label) is running: the new plan starts once it ends") }
            case .failed, .aborted:
                if action.kind == .boot, let to = action.to {
                    unusable.insert(to)
                    notes.append("\(to) failed to boot: it is no longer a destination")
                } else {
                    notes.append("\(action.label) \(s.rawValue): nothing changed")
                }
            }
        }
        for host in hostsDown { unusable.insert(host) }
        for host in unusable.sorted() {
            guard let h = hostIndex[host] else { continue }
            // Off and out of service: its VMs restart elsewhere (placed again, not migrated).
            cluster.hosts[h].state = .offline
            for v in cluster.vms.indices where cluster.vms[v].host == host {
                notes.append("\(cluster.vms[v].id) was on \(host), which went down: it restarts elsewhere")
                cluster.vms[v].host = nil
                cluster.vms[v].state = .running
            }
        }
        var copy = instance
        copy.cluster = cluster
        if !unusable.isEmpty {
            // Never a destination again in this plan.
            copy.constraints.append(.ban(Ban(vms: cluster.vms.map(\.id), hosts: unusable.sorted(), label: "out-of-service")))
        }
        return (copy, notes)
    }
}

extension PlanProgress: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case format, actions, hostsDown }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a progress report")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let format = try c.decodeIfPresent(String.self, forKey: .format), format != Self.format {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: c, debugDescription: "unsupported progress format '\(format)' (expected '\(Self.format)')")
        }
        self.init(actions: try c.decodeIfPresent([Entry].self, forKey: .actions) ?? [],
                  hostsDown: try c.decodeIfPresent([String].self, forKey: .hostsDown) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.format, forKey: .format)
        try c.encode(actions, forKey: .actions)
        try c.encode(hostsDown, forKey: .hostsDown)
    }
}

extension PlanProgress.Entry: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case action = "id", status }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a progress entry")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(action: try c.decode(Int.self, forKey: .action), status: try c.decode(PlanProgress.Status.self, forKey: .status))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(status, forKey: .status)
    }
}

extension InstanceCodec {
    /// Decodes a progress report and checks it against its plan: known actions, each listed once,
    /// dependencies of done or running actions done, known hosts.
    public static func decodeProgress(_ data: Data, plan: MigrationPlan, cluster: Cluster, file: String? = nil) throws(InputError) -> PlanProgress {
        let progress: PlanProgress = try decode(PlanProgress.self, data, file: file)
        var issues: [InputIssue] = []
        var seen: [Int: Int] = [:]
        let status = Dictionary(progress.actions.map { ($0.action, $0.status) }, uniquingKeysWith: { first, _ in first })
        for (i, entry) in progress.actions.enumerated() {
            let path = "actions[\(i)]"
            guard plan.actions.indices.contains(entry.action) else {
                issues.append(InputIssue(path: "\(path).id", message: "the plan has no action \(entry.action) (it has \(plan.actions.count))"))
                continue
            }
            if let first = seen[entry.action] { issues.append(InputIssue(path: "\(path).id", message: "action \(entry.action) listed twice (first at actions[\(first)])")) }
            else { seen[entry.action] = i }
            if entry.status == .done || entry.status == .running {
                for dependency in plan.actions[entry.action].dependsOn where status[dependency] != .done {
                    issues.append(InputIssue(path: "\(path).status", message:
                        "action \(entry.action) cannot be \(entry.status.rawValue): it depends on action \(dependency), which is not done"))
                }
            }
        }
        let hosts = cluster.hosts.map(\.id)
        for (i, host) in progress.hostsDown.enumerated() where !hosts.contains(host) {
            issues.append(InputIssue(path: "hostsDown[\(i)]", message: "unknown host '\(host)'" + suggestion(for: host, among: hosts)))
        }
        guard issues.isEmpty else { throw InputError(file: file, issues: issues) }
        return progress
    }

    public static func loadProgress(path: String, plan: MigrationPlan, cluster: Cluster) throws(InputError) -> PlanProgress {
        try decodeProgress(try read(path), plan: plan, cluster: cluster, file: path)
    }
}
