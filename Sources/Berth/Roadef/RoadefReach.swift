/// The machines each process of a ROADEF/EURO 2012 instance can ever occupy: its initial machine,
/// and every machine with room for it next to what that machine's own initial processes always
/// hold there. A process that leaves its initial machine keeps its transient resources held
/// there, so that much of a machine is never free for a newcomer, whatever else moves.
///
/// Random moves draw their targets among these machines instead of among all of them. On
/// instances tight in transient resources most pairs are out of reach (a2_2 and a2_3: 27 % of
/// process–machine pairs are reachable, 8 % of process pairs can ever swap), and a uniform draw
/// wastes most of its moves on shifts and swaps that can never be feasible.
struct RoadefReach: Sendable {
    let machineCount: Int
    /// Reachable machines of process p: `machines[start[p]..<start[p + 1]]`, ascending.
    private var start: [Int]
    private var machines: [Int32]
    /// Bit p·M + m: whether p can occupy m (a bitset: the annealing reads it on every swap, and
    /// the table of a thousand processes on a hundred machines then fits in 13 KB, not 100 KB).
    private var allowed: [UInt64]

    /// Tabulates the reachable machines, or `nil` when the table would exceed `maxPairs`
    /// process–machine pairs (dataset B's largest has 250 M: the searches then draw uniformly).
    init?(_ state: RoadefState, maxPairs: Int = 16_000_000) {
        let P = state.processCount, M = state.machineCount, R = state.R
        guard P * M <= maxPairs else { return nil }
        var initialUsage = Array(repeating: Int64(0), count: M * R)
        for p in 0..<P {
            for r in 0..<R { initialUsage[state.initial[p] * R + r] += state.requirement[p * R + r] }
        }
        var start = [0], machines: [Int32] = [], allowed = Array(repeating: UInt64(0), count: (P * M + 63) / 64)
        machines.reserveCapacity(P * M / 2)
        for p in 0..<P {
            for m in 0..<M where m == state.initial[p] || Self.fits(p, on: m, state, initialUsage) {
                machines.append(Int32(m))
                allowed[(p * M + m) >> 6] |= 1 << UInt64((p * M + m) & 63)
            }
            start.append(machines.count)
        }
        machineCount = M
        self.start = start
        self.machines = machines
        self.allowed = allowed
    }

    private static func fits(_ p: Int, on m: Int, _ state: RoadefState, _ initialUsage: [Int64]) -> Bool {
        let R = state.R
        for r in 0..<R {
            let free = state.capacity[m * R + r] - (state.isTransient(r) ? initialUsage[m * R + r] : 0)
            if state.requirement[p * R + r] > free { return false }
        }
        return true
    }

    /// How many machines `p` can occupy (1: only its initial one, so it never moves).
    @inline(__always)
    func count(_ p: Int) -> Int { start[p + 1] &- start[p] }

    /// The `i`-th machine `p` can occupy, `i < count(p)`.
    @inline(__always)
    func machine(_ p: Int, _ i: Int) -> Int { Int(machines[start[p] &+ i]) }

    /// Whether `p` can ever occupy `m`.
    @inline(__always)
    func allows(_ p: Int, on m: Int) -> Bool {
        let bit = p &* machineCount &+ m
        return allowed[bit &>> 6] &>> UInt64(bit & 63) & 1 != 0
    }

    /// This table with machine `m` taken out of `p`'s reach.
    func excluding(_ m: Int, for p: Int) -> RoadefReach {
        var copy = self
        guard allows(p, on: m), let i = (start[p]..<start[p + 1]).first(where: { machines[$0] == Int32(m) }) else { return copy }
        let bit = p * machineCount + m
        copy.allowed[bit >> 6] &= ~(1 << UInt64(bit & 63))
        copy.machines.remove(at: i)
        for q in (p + 1)..<start.count { copy.start[q] -= 1 }
        return copy
    }
}
