import Berth
import Foundation

/// Vector bin packing: gap to the optimum (or best known) per heuristic, for the portfolio, and
/// for the full solver (portfolio + local search + MIP or LNS) at a per-instance time limit.
struct VBPBenchmark {
    /// Instances solved by the full solver: `nil` = all; otherwise those with index `i` < this
    /// value in `classK_n_d_i` and n ≤ `solverMaxItems`.
    var solverSample: Int? = 1
    var solverMaxItems = 120
    var solverSeconds = 10.0
    /// Only instances with index `i` < this value (`nil` = all 1,860): a stratified sample, the
    /// same share of every class, n and d.
    var perGroup: Int? = nil
    /// Skip instances with more items (`BERTH_VBP_MAX_N`).
    var maxItems: Int? = nil
    /// Run the full solver only where the portfolio is more than one bin off (`BERTH_VBP_SOLVER_WHEN_FAR`).
    var solverOnlyWhenFar = false
    /// Only instances whose path contains one of these (`BERTH_VBP_ONLY`, comma-separated; empty: all).
    var only: [String] = []

    struct Row {
        var instance: String
        var group: String
        var n: Int
        var best: Int
        var proven: Bool
        var packers: [Int?]
        var portfolio: Int
        var solver: (bins: Int, optimal: Bool, seconds: Double)?
    }

    func run() {
        let folder = BenchData.folder("vbp")
        var known: [String: (Int, Bool)] = [:]
        let csv = (try? String(contentsOf: folder.appendingPathComponent("known_values.csv"), encoding: .utf8)) ?? ""
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {  // the CSV has CRLF line ends
            let fields = line.split(separator: ",", maxSplits: 3)
            if fields.count == 4, let value = Int(fields[1]) { known[String(fields[0])] = (value, fields[3].contains("proven")) }
        }
        let packers = VectorPacker.all
        var rows: [Row] = []
        let start = ContinuousClock.now
        for url in BenchData.files(in: folder, suffix: ".vbp") {
            let relative = url.path.replacingOccurrences(of: folder.path + "/", with: "")
            guard let (best, proven) = known[relative] else {
                FileHandle.standardError.write(Data("no known value for \(relative)\n".utf8))
                continue
            }
            guard let instance = try? VectorPackingImport.load(path: url.path) else {
                FileHandle.standardError.write(Data("cannot read \(url.path)\n".utf8))
                continue
            }
            if !only.isEmpty && !only.contains(where: relative.contains) { continue }
            let name = url.deletingPathExtension().lastPathComponent
            let parts = name.split(separator: "_")
            let n = Int(parts[1]) ?? 0, index = Int(parts[3]) ?? 0
            if let perGroup, index >= perGroup { continue }
            if let maxItems, n > maxItems { continue }
            if rows.count % 100 == 99 { FileHandle.standardError.write(Data("vbp: \(rows.count + 1) instances done\n".utf8)) }
            let group = relative.hasPrefix("triplet") ? "triplet \(parts[0])" : String(parts[0])
            var row = Row(instance: relative, group: group, n: n, best: best, proven: proven, packers: [], portfolio: 0)
            for packer in packers {
                var search = PortfolioSearch(packers: [packer])
                search.includeRepair = false
                search.localSearch = false
                row.packers.append(search.run(instance)?.hostsOn)
            }
            row.portfolio = PortfolioSearch().run(instance)?.hostsOn ?? Int.max
            let far = row.portfolio - best > 1
            if n <= solverMaxItems, solverOnlyWhenFar ? far : (solverSample.map({ index < $0 }) ?? true) {
                let t = ContinuousClock.now
                if case .placed(let result)? = try? PlacementSolver(options: PlacementOptions(timeLimit: .seconds(solverSeconds))).solve(instance) {
                    row.solver = (result.onlineHostCount, result.isOptimal, seconds(since: t))
                }
            }
            rows.append(row)
        }
        print("vbp: \(rows.count) instances\(perGroup.map { " (stratified sample: i < \($0) in every class/n/d)" } ?? "") in \(fixed(seconds(since: start), 0)) s")
        for row in rows where row.n <= 100 && row.portfolio - row.best > 1 {
            let solver = row.solver.map { " — solver at \(fixed(solverSeconds, 0)) s: \($0.bins) bins in \(fixed($0.seconds, 1)) s\($0.optimal ? " (proven optimal)" : "")" } ?? ""
            print("more than one bin off with the portfolio: \(row.instance) (n = \(row.n)): \(row.portfolio) bins, best known \(row.best)\(solver)")
        }
        print("")
        print("| heuristic | mean gap | max gap | instances at best known |")
        print("|---|---|---|---|")
        func gap(_ bins: Int, _ best: Int) -> Double { Double(bins - best) / Double(best) }
        for (k, packer) in packers.enumerated() {
            let gaps = rows.compactMap { row in row.packers[k].map { gap($0, row.best) } }
            print("| \(packer) | \(fixed(100 * gaps.reduce(0, +) / Double(max(1, gaps.count))))% | \(fixed(100 * (gaps.max() ?? 0)))% | \(gaps.filter { $0 <= 0 }.count)/\(rows.count) |")
        }
        let portfolioGaps = rows.map { gap($0.portfolio, $0.best) }
        print("| **portfolio + local search** | \(fixed(100 * portfolioGaps.reduce(0, +) / Double(rows.count)))% | \(fixed(100 * (portfolioGaps.max() ?? 0)))% | \(portfolioGaps.filter { $0 <= 0 }.count)/\(rows.count) |")
        print("")
        print("Per class (portfolio + local search on every instance; solver = portfolio + MIP/LNS at \(fixed(solverSeconds, 0)) s on the sample):")
        print("")
        print("| class | instances | portfolio mean gap | max gap | > 1 bin off (n ≤ 100) | solver sample | solver mean gap | solver ≤ 1 bin | proven optimal | mean s |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        let groups = Array(Set(rows.map(\.group))).sorted()
        for group in groups + ["all"] {
            let members = rows.filter { group == "all" || $0.group == group }
            let gaps = members.map { gap($0.portfolio, $0.best) }
            let farOff = members.filter { $0.n <= 100 && $0.portfolio - $0.best > 1 }.count
            let solved = members.compactMap { row in row.solver.map { (row, $0) } }
            let solverGaps = solved.map { gap($0.1.bins, $0.0.best) }
            let withinOne = solved.filter { $0.1.bins - $0.0.best <= 1 }.count
            let optimal = solved.filter { $0.1.optimal }.count
            let meanSeconds = solved.map(\.1.seconds).reduce(0, +) / Double(max(1, solved.count))
            print("| \(group) | \(members.count) | \(fixed(100 * gaps.reduce(0, +) / Double(max(1, gaps.count))))% | \(fixed(100 * (gaps.max() ?? 0)))% | \(farOff) | \(solved.count) | \(fixed(100 * solverGaps.reduce(0, +) / Double(max(1, solverGaps.count))))% | \(withinOne)/\(solved.count) | \(optimal) | \(fixed(meanSeconds, 1)) |")
        }
    }
}
