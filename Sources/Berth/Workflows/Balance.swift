/// Load balancing and hot-spot relief (seeds 002 and 003): lower the peak utilisation with few,
/// cheap migrations.
public enum Balance {
    /// Whole-cluster balancing: minimise the peak utilisation, ties broken by fewest migrations.
    public static func run(_ model: Instance, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        var instance = model
        instance.objective = .balance
        var report = try WorkflowPipeline.run(workflow: "balance", original: model, instance: instance, options: options)
        let before = HostUtilization.peak(report.before), after = HostUtilization.peak(report.after)
        report.promises.append(PromiseCheck("peak utilisation lowered", holds: after < before - 1e-9 || report.migrations == 0,
                                            detail: "peak \(percent(before)) → \(percent(after))"))
        return report
    }
}
