/// A rule's arguments in a `.berth` script line, as `PlacementRule.fromScript` reads them: each
/// read as VMs, hosts, groups, a number…, or refused with the script's line and column.
protocol ScriptArguments {
    /// The rule's name as written (`before` for `precedence`).
    var kind: String { get }
    var count: Int { get }
    /// Refuses a count outside `counts`: "`kind` takes `usage`".
    func arity(_ counts: ClosedRange<Int>, _ usage: String) throws
    func vms(_ i: Int) throws -> [String]
    func hosts(_ i: Int) throws -> [String]
    func vmGroups(_ i: Int) throws -> [[String]]
    func hostGroups(_ i: Int) throws -> [[String]]
    /// `link=id` selections, or nil when the argument is not one.
    func links(_ i: Int) -> [String]?
    /// A bare name (an attribute), refused as "expected `what`".
    func name(_ i: Int, _ what: String) throws -> String
    func number(_ i: Int) throws -> Double
    func integer(_ i: Int) throws -> Int
    func resource(_ i: Int) throws -> String
    func features(_ i: Int) throws -> [String]
    /// An error at the rule's name.
    func failure(_ message: String) -> any Error
}
