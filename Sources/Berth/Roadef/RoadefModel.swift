/// A ROADEF/EURO 2012 machine-reassignment instance exactly as the challenge files state it
/// (indices are 0-based, as in the files).
package struct RoadefModel: Hashable, Sendable {
    public struct Resource: Hashable, Sendable {
        public var isTransient: Bool
        public var loadCostWeight: Int
    }

    public struct Machine: Hashable, Sendable {
        public var neighborhood: Int
        public var location: Int
        public var capacity: [Int]
        public var safetyCapacity: [Int]
        /// Cost of moving a process from this machine to each machine.
        public var moveCosts: [Int]
    }

    public struct Service: Hashable, Sendable {
        public var spreadMin: Int
        public var dependencies: [Int]
    }

    public struct Process: Hashable, Sendable {
        public var service: Int
        public var requirements: [Int]
        public var moveCost: Int
    }

    public struct Balance: Hashable, Sendable {
        public var resource: Int
        public var against: Int
        public var target: Int
        public var weight: Int
    }

    public var resources: [Resource]
    public var machines: [Machine]
    public var services: [Service]
    public var processes: [Process]
    public var balances: [Balance]
    public var processMoveWeight: Int
    public var serviceMoveWeight: Int
    public var machineMoveWeight: Int
}

extension RoadefModel {
    /// Parses `model_*.txt`; errors name `file` and the line.
    public init(text: String, file: String = "model") throws(InputError) {
        var t = RoadefTokens(text, file: file)
        let resourceCount = try t.int("the number of resources", minimum: 1)
        var resources: [Resource] = []
        for r in 0..<resourceCount {
            let transient = try t.int("the transient flag of resource \(r) (0 or 1)", below: 2)
            resources.append(Resource(isTransient: transient == 1, loadCostWeight: try t.int("the load-cost weight of resource \(r)")))
        }
        let machineCount = try t.int("the number of machines", minimum: 1)
        var machines: [Machine] = []
        for m in 0..<machineCount {
            let neighborhood = try t.int("the neighborhood of machine \(m)")
            let location = try t.int("the location of machine \(m)")
            var capacity: [Int] = [], safety: [Int] = [], moves: [Int] = []
            for r in 0..<resourceCount { capacity.append(try t.int("capacity \(r) of machine \(m)")) }
            for r in 0..<resourceCount { safety.append(try t.int("safety capacity \(r) of machine \(m)")) }
            for n in 0..<machineCount {
                let line = t.line
                let cost = try t.int("the cost of moving from machine \(m) to machine \(n)")
                if n == m && cost != 0 { throw t.error(line: line, "the cost of staying on machine \(m) must be 0, found \(cost)") }
                moves.append(cost)
            }
            machines.append(Machine(neighborhood: neighborhood, location: location, capacity: capacity, safetyCapacity: safety, moveCosts: moves))
        }
        let serviceCount = try t.int("the number of services")
        var services: [Service] = []
        for s in 0..<serviceCount {
            let spreadMin = try t.int("the spreadMin of service \(s)")
            let count = try t.int("the number of dependencies of service \(s)")
            var dependencies: [Int] = []
            for _ in 0..<count { dependencies.append(try t.int("a dependency of service \(s)", below: serviceCount)) }
            services.append(Service(spreadMin: spreadMin, dependencies: dependencies))
        }
        let processCount = try t.int("the number of processes")
        var processes: [Process] = []
        for p in 0..<processCount {
            let service = try t.int("the service of process \(p)", below: serviceCount)
            var requirements: [Int] = []
            for r in 0..<resourceCount { requirements.append(try t.int("requirement \(r) of process \(p)")) }
            processes.append(Process(service: service, requirements: requirements, moveCost: try t.int("the move cost of process \(p)")))
        }
        let balanceCount = try t.int("the number of balance objectives")
        var balances: [Balance] = []
        for b in 0..<balanceCount {
            balances.append(Balance(
                resource: try t.int("resource 1 of balance objective \(b)", below: resourceCount),
                against: try t.int("resource 2 of balance objective \(b)", below: resourceCount),
                target: try t.int("the target of balance objective \(b)"),
                weight: try t.int("the weight of balance objective \(b)")))
        }
        let processMove = try t.int("the process move weight")
        let serviceMove = try t.int("the service move weight")
        let machineMove = try t.int("the machine move weight")
        try t.expectEnd(after: "the machine move weight")
        self.init(
            resources: resources, machines: machines, services: services, processes: processes, balances: balances,
            processMoveWeight: processMove, serviceMoveWeight: serviceMove, machineMoveWeight: machineMove)
        let worst = worstCaseCost
        guard worst <= Self.largestCost else {
            throw InputError(file: file, issues: [InputIssue(
                path: "model",
                message: "its numbers are too large: costs could reach \(worst) where 64-bit integer arithmetic ends at \(Self.largestCost); scale the capacities, requirements or weights down")])
        }
    }

    /// The largest total cost Berth evaluates exactly (2⁶², leaving a factor of two for intermediate sums).
    static let largestCost = 4.611686018427388e18

    /// An upper bound on every cost and usage the challenge's formulas can reach on this model, in
    /// floating point, so that 64-bit integer arithmetic on it can never overflow.
    var worstCaseCost: Double {
        var demand = [Double](repeating: 0, count: resources.count)
        var capacity = [Double](repeating: 0, count: resources.count)
        for process in processes {
            for r in resources.indices { demand[r] += Double(process.requirements[r]) }
        }
        for machine in machines {
            for r in resources.indices { capacity[r] += Double(machine.capacity[r]) + Double(machine.safetyCapacity[r]) }
        }
        var total = 0.0
        for (r, resource) in resources.enumerated() {
            let amounts: Double = demand[r] + capacity[r]
            total += (Double(resource.loadCostWeight) + 1) * amounts
        }
        for balance in balances {
            let amounts: Double = demand[balance.resource] + capacity[balance.resource] + demand[balance.against] + capacity[balance.against]
            total += Double(balance.weight) * (Double(balance.target) + 1) * amounts
        }
        var mostMachineMove = 0.0, processMoves = 0.0
        for machine in machines { mostMachineMove = max(mostMachineMove, Double(machine.moveCosts.max() ?? 0)) }
        for process in processes { processMoves += Double(process.moveCost) }
        let count = Double(processes.count)
        total += Double(processMoveWeight) * processMoves
        total += Double(serviceMoveWeight) * count + Double(machineMoveWeight) * count * mostMachineMove
        return total
    }

    /// Parses an assignment (`assignment_*.txt` or a solution): one machine index per process.
    public func assignment(text: String, file: String = "assignment") throws(InputError) -> [Int] {
        var t = RoadefTokens(text, file: file)
        var machinesOf: [Int] = []
        for p in processes.indices {
            machinesOf.append(try t.int("the machine of process \(p) (the model has \(processes.count) processes)", below: machines.count))
        }
        try t.expectEnd(after: "the \(processes.count) processes of the model")
        return machinesOf
    }
}
