/// Max-min fair bandwidth sharing by progressive filling (research/migration.md §5.2).
enum FairShare {
    /// The rate of each flow, given the resources each crosses and their capacities.
    static func rates(routes: [[Int]], capacity: [Double]) -> [Double] {
        var rates = Array(repeating: 0.0, count: routes.count)
        var remaining: [Int: Double] = [:]
        var users: [Int: Int] = [:]
        for route in routes { for r in Set(route) { remaining[r] = capacity[r]; users[r, default: 0] += 1 } }
        var unfixed = Set(routes.indices)
        while !unfixed.isEmpty {
            var bottleneck = -1
            var share = Double.infinity
            for r in users.keys.sorted() where users[r]! > 0 {
                let s = max(0, remaining[r]!) / Double(users[r]!)
                if s < share { share = s; bottleneck = r }
            }
            guard bottleneck >= 0 else { break }
            for f in unfixed.sorted() where routes[f].contains(bottleneck) {
                rates[f] = share
                unfixed.remove(f)
                for r in Set(routes[f]) {
                    remaining[r]! -= share
                    users[r]! -= 1
                }
            }
        }
        return rates
    }
}
