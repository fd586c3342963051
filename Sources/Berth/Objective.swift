/// What the placement optimises. JSON: the case name as a string.
public enum Objective: String, Hashable, Sendable, Codable, CaseIterable {
    /// Consolidation: fewest hosts online at the end; ties broken by fewest migrations (by memory).
    case minHosts
    /// Repair: fix every violation with the fewest moves, each weighted by the VM's memory size.
    case minMigrations
    /// Minimise the peak utilisation over hosts and resources; ties broken by fewest migrations.
    case balance
}
