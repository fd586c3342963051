import Foundation

extension MigrationPlan {
    /// A table for people: one line per action with start, end, duration, what and why.
    public var table: String {
        var lines = ["    #    start      end   dur  action" + String(repeating: " ", count: 30) + "after / note"]
        let width = max(36, actions.map(\.label.count).max() ?? 0)
        for a in actions {
            var why = a.dependsOn.isEmpty ? "" : "after " + a.dependsOn.map { "#\($0)" }.joined(separator: ",")
            if let note = a.note { why += (why.isEmpty ? "" : "; ") + note }
            lines.append(String(format: "%5d %8.1f %8.1f %5.1f  ", a.id, a.start, a.end, a.duration)
                + a.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + why)
        }
        return lines.joined(separator: "\n")
    }
}
