import ArgumentParser
import Berth
import Foundation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Check a plan with the independent plan checker and simulate it (fluid network model, pre-copy rounds, power).",
        discussion: "Exit codes: 0 valid plan simulated; 2 the plan breaks a rule (listed); 3 bad input.")

    @Argument(help: "The instance (format berth/1).")
    var model: String

    @Argument(help: "The plan (format berth-plan/1, as written by `berth plan --output`).")
    var plan: String

    @OptionGroup var common: CommonOptions

    func run() throws {
        let instance: Instance
        let plan: MigrationPlan
        do {
            instance = try InstanceCodec.loadInstance(path: model)
            plan = try InstanceCodec.loadPlan(path: self.plan, for: instance.cluster)
        } catch { failOnInput(error, json: common.json) }
        let target = Self.endState(of: plan, in: instance.cluster)
        // New VMs (running, no host yet) are placed outside plans: their missing target is not the plan's fault.
        let newVMs = Set(instance.cluster.vms.filter { $0.state == .running && $0.host == nil }.map(\.id))
        let violations = PlanChecker.check(instance, plan: plan, target: target)
            .filter { !($0.kind == "assignment" && $0.vms.count == 1 && newVMs.contains($0.vms[0])) }
        let simulated = PlanSimulator(instance: instance).simulate(plan)
        if common.json {
            printJSON([
                "status": violations.isEmpty ? "valid" : "violated",
                "violations": PlanReport.object(violations),
                "simulation": PlanReport.metrics(simulated),
            ] as [String: Any])
        } else {
            if violations.isEmpty {
                print("valid: the plan passes the plan checker at every instant")
            } else {
                print("\(violations.count) violation(s):")
                for v in violations { print("  \(v)") }
            }
            for line in PlanReport.metricsText(simulated) { print(line) }
        }
        throw ExitCode(violations.isEmpty ? ExitStatus.solved.rawValue : ExitStatus.infeasible.rawValue)
    }

    /// The placement a plan leads to: its moves applied to the current placement, its boots and shutdowns to the hosts.
    static func endState(of plan: MigrationPlan, in cluster: Cluster) -> Placement {
        var target = Placement(current: cluster)
        target.onlineHosts = Set(cluster.hosts.filter { $0.state != .offline }.map(\.id))
        for action in plan.actions.sorted(by: { ($0.end, $0.id) < ($1.end, $1.id) }) {
            switch action.kind {
            case .migrate, .resume: if let vm = action.vm, let to = action.to { target.vmHosts[vm] = to }
            case .boot: if let host = action.to { target.onlineHosts.insert(host) }
            case .shutdown: if let host = action.to { target.onlineHosts.remove(host) }
            case .suspend: break
            }
        }
        return target
    }
}
