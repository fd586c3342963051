/// `ids` without repeats, first occurrences kept in order.
func uniqued(_ ids: [String]) -> [String] {
    var seen = Set<String>()
    return ids.filter { seen.insert($0).inserted }
}
