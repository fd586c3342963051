/// A move still to make: a live migration, or the resume of a suspended VM (indices into the cluster).
struct ScheduleJob {
    enum Kind { case migrate, resume }

    var kind: Kind
    var vm: Int
    var from: Int
    var to: Int
    /// Action that must end before (first leg through a spare host, or the suspend).
    var after: Int?
    var note: String?
    /// 1 for the legs of a move through a spare host.
    var legs: Int
    /// Cannot converge live even alone: moved by suspend and resume.
    var cold = false
}

/// An action in progress in the list scheduler, with what it holds until it ends.
struct RunningAction {
    var action: Int
    var end: Double
    var job: ScheduleJob?
    /// Bandwidth reserved on every resource of `route`, MiB/s.
    var rate: Double
    var route: NetworkTopology.Route?
    /// Power the action adds when it ends (reserved against the budget meanwhile).
    var powerIncrease: Double
}
