/// Sandpiper's volume metric (Wood et al., NSDI 2007): `1 / Π_r (1 − u_r)`, with `u_r` the share of
/// a host's resource `r` that a VM uses. Hot hosts shed the VM of largest volume-to-size ratio
/// (VSR = volume ÷ memory moved) first: most relief per byte migrated.
enum SandpiperVolume {
    /// Volume of `vm` on `host`: O(resources). Shares are clamped below 1 so a VM larger than its
    /// host gets a large, finite volume.
    static func volume(_ vm: Int, on host: Int, _ problem: PlacementProblem) -> Double {
        var product = 1.0
        for r in problem.resources.indices {
            let capacity = problem.capacity[host][r]
            let share = capacity > 0 ? min(problem.demand[vm][r] / capacity, 0.99) : 0
            product *= 1 - share
        }
        return 1 / product
    }

    /// Volume-to-size ratio: what Sandpiper sorts by to choose the VM that leaves a hot host.
    static func vsr(_ vm: Int, on host: Int, _ problem: PlacementProblem) -> Double {
        volume(vm, on: host, problem) / problem.moveWeight(vm)
    }
}
