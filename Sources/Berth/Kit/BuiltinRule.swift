/// The rules every placement obeys, whatever the user's constraints say. Their ids double as
/// constraint ids in violations.
package enum BuiltinRule: String, CaseIterable, Sendable {
    /// Every running VM ends on one known, powered-on, non-maintenance host; sleeping VMs stay.
    case assignment
    /// Per host and resource: running demand ≤ capacity × overbooking ratio.
    case capacity
    /// A VM lands only on hosts that offer all its required features.
    case compatibility
    /// Maintenance hosts end empty and are not counted online; hosts holding sleeping VMs stay on.
    case hostState
}

/// Capacity comparisons shared by every checker and admission test.
enum CapacityTolerance {
    /// Relative tolerance on capacity sums, so that float rounding never invents a violation.
    static let relative = 1e-9

    /// Whether `load` is over `limit`, beyond the rounding of summed floats. The tolerance is
    /// relative, so the verdict does not depend on the unit (bytes, MiB or GiB): an absolute one
    /// once accepted a tenfold overload of a resource counted in small numbers.
    static func exceeds(_ load: Double, _ limit: Double) -> Bool {
        load > limit + relative * max(abs(limit), abs(load))
    }
}
