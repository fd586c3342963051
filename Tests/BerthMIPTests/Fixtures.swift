import BerthMIP
import Synchronization

/// Small models with known optima, and a harder packing instance.
enum Fixtures {
    /// 0/1 knapsack: weights 12, 2, 1, 1, 4; values 4, 2, 1, 2, 10; capacity 15.
    /// Optimum 15 with items 1...4.
    static func knapsack() -> (model: MIPModel, items: [Variable]) {
        let weights: [Double] = [12, 2, 1, 1, 4]
        let values: [Double] = [4, 2, 1, 2, 10]
        var m = MIPModel(name: "knapsack")
        let x = (0..<5).map { m.addVariable("take[\($0)]", kind: .binary) }
        m.addConstraint(LinearExpr.sum(zip(weights, x).map { ($0, $1) }) <= 15, name: "capacity")
        m.maximize(LinearExpr.sum(zip(values, x).map { ($0, $1) }))
        return (m, x)
    }

    /// Classic 4×4 assignment; optimum 13 (0→1, 1→0, 2→2, 3→3).
    static let assignmentCost: [[Double]] = [[9, 2, 7, 8], [6, 4, 3, 7], [5, 8, 1, 8], [7, 6, 9, 4]]

    static func assignment() -> (model: MIPModel, x: [[Variable]]) {
        var m = MIPModel(name: "assignment")
        let n = assignmentCost.count
        let x = (0..<n).map { i in (0..<n).map { j in m.addVariable("x[\(i),\(j)]", kind: .binary) } }
        for i in 0..<n { m.addConstraint(LinearExpr.sum(x[i]) == 1, name: "worker_\(i)") }
        for j in 0..<n { m.addConstraint(LinearExpr.sum((0..<n).map { x[$0][j] }) == 1, name: "job_\(j)") }
        var cost = LinearExpr()
        for i in 0..<n { for j in 0..<n { cost.add(assignmentCost[i][j], x[i][j]) } }
        m.minimize(cost)
        return (m, x)
    }

    /// Two-resource bin packing, assignment formulation: items × bins binaries
    /// plus one "bin used" binary per bin; minimise bins used.
    struct Packing {
        var model: MIPModel
        var x: [[Variable]]
        var y: [Variable]
        var demand: [(Double, Double)]
        let capacity = 100.0
    }

    /// The default (80 items, 24 bins) is not solved to optimality within 5 s here,
    /// so short time limits reliably stop it; FFD needs 21 bins, the LP bound is 19.
    static func packing(items: Int = 80, bins: Int = 24, seed: UInt64 = 42) -> Packing {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double((state >> 33) % 1000) / 1000
        }
        let demand = (0..<items).map { _ in (10 + 30 * next(), 10 + 30 * next()) }
        var m = MIPModel(name: "packing")
        let y = (0..<bins).map { m.addVariable("on[\($0)]", kind: .binary) }
        let x = (0..<items).map { i in (0..<bins).map { b in m.addVariable("x[\(i),\(b)]", kind: .binary) } }
        for i in 0..<items { m.addConstraint(LinearExpr.sum(x[i]) == 1, name: "place_\(i)") }
        for b in 0..<bins {
            var cpu = LinearExpr(), mem = LinearExpr()
            for i in 0..<items {
                cpu.add(demand[i].0, x[i][b])
                mem.add(demand[i].1, x[i][b])
            }
            m.addConstraint(cpu <= 100 * y[b], name: "cpu_\(b)")
            m.addConstraint(mem <= 100 * y[b], name: "mem_\(b)")
        }
        m.minimize(LinearExpr.sum(y))
        return Packing(model: m, x: x, y: y, demand: demand)
    }

    /// First-fit decreasing by the larger dimension: a feasible point for ``packing``.
    static func firstFitDecreasing(_ p: Packing) -> [Double] {
        var values = [Double](repeating: 0, count: p.model.variableCount)
        var load = [(Double, Double)](repeating: (0, 0), count: p.y.count)
        let order = p.demand.indices.sorted { max(p.demand[$0].0, p.demand[$0].1) > max(p.demand[$1].0, p.demand[$1].1) }
        for i in order {
            let d = p.demand[i]
            let b = load.indices.first { load[$0].0 + d.0 <= p.capacity && load[$0].1 + d.1 <= p.capacity }!
            load[b].0 += d.0
            load[b].1 += d.1
            values[p.x[i][b].index] = 1
            values[p.y[b].index] = 1
        }
        return values
    }
}

/// Collects values from @Sendable callbacks.
final class Recorder<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])
    func append(_ t: T) { items.withLock { $0.append(t) } }
    var all: [T] { items.withLock { $0 } }
}
