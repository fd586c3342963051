/// What the placement optimises. JSON: the case name as a string.
public enum Objective: String, Hashable, Sendable, Codable, CaseIterable {
    /// Consolidation: fewest hosts online at the end; ties broken by fewest migrations (by memory).
    case minHosts
    /// Repair: fix every violation with the fewest moves, each weighted by the VM's memory size.
    case minMigrations
    /// Minimise the peak utilisation over hosts and resources; ties broken by fewest migrations.
    case balance
    /// Minimise the soft rules' costs alone (soft capacity, balance targets, move costs, affinity:
    /// e.g. a ROADEF/EURO 2012 instance's objective); ties broken by fewest migrations, at a weight
    /// too small to trade against any cost.
    case minCost
}
