import Berth
import Foundation

/// `BerthBench [vbp|btrplace|cloudbalancing|roadef|api|all]`: runs the benchmarks on the public data sets and
/// prints Markdown tables (see Benchmarks/README.md). `all` leaves out `roadef` (300 s per instance).
let arguments = Array(CommandLine.arguments.dropFirst())
let which = arguments.first ?? "all"
let environment = ProcessInfo.processInfo.environment
if which == "vbp" || which == "all" {
    var bench = VBPBenchmark()
    if let sample = environment["BERTH_VBP_SAMPLE"] { bench.solverSample = sample == "all" ? nil : Int(sample) }
    if let items = environment["BERTH_VBP_SOLVER_MAX_N"].flatMap(Int.init) { bench.solverMaxItems = items }
    if let perGroup = environment["BERTH_VBP_PER_GROUP"].flatMap(Int.init) { bench.perGroup = perGroup }
    if let maxItems = environment["BERTH_VBP_MAX_N"].flatMap(Int.init) { bench.maxItems = maxItems }
    if environment["BERTH_VBP_SOLVER_WHEN_FAR"] == "1" { bench.solverOnlyWhenFar = true }
    if let only = environment["BERTH_VBP_ONLY"] { bench.only = only.split(separator: ",").map(String.init) }
    bench.run()
    print("")
}
if which == "btrplace" || which == "all" {
    BtrPlaceBenchmark().run()
    print("")
}
if which == "cloudbalancing" || which == "all" {
    CloudBalancingBenchmark().run()
    print("")
}
if which == "api" {
    ApiBenchmark().run()
}
if which == "roadef" {
    var bench = RoadefBenchmark()
    if let seconds = environment["BERTH_ROADEF_SECONDS"].flatMap(Double.init) { bench.seconds = seconds }
    if let seed = environment["BERTH_ROADEF_SEED"].flatMap(UInt64.init) { bench.seed = seed }
    if let rounds = environment["BERTH_ROADEF_ROUNDS"].flatMap(Int.init) { bench.maxRounds = rounds }
    bench.solutions = environment["BERTH_ROADEF_SOLUTIONS"]
    bench.warmStarts = environment["BERTH_ROADEF_WARM"]
    if let names = environment["BERTH_ROADEF_INSTANCES"] { bench.instances = names.split(separator: ",").map(String.init) }
    if let k = environment["BERTH_LNS_K"].flatMap(Int.init) { bench.effort.neighbourhoodMachines = k }
    if let f = environment["BERTH_LNS_FREE"].flatMap(Int.init) { bench.effort.neighbourhoodProcesses = f }
    if let n = environment["BERTH_LNS_N"].flatMap(Int.init) { bench.effort.neighbourhoods = n }
    if let a = environment["BERTH_ANNEAL"].flatMap(Double.init) { bench.effort.annealStart = a }
    if let e = environment["BERTH_ANNEAL_END"].flatMap(Double.init) { bench.effort.annealEnd = e }
    if let n = environment["BERTH_ANNEAL_N"].flatMap(Int.init) { bench.effort.annealingSteps = n }
    if let x = environment["BERTH_SPLIT"].flatMap(Double.init) { bench.effort.splitAnnealing = x }
    if let x = environment["BERTH_REACH"].flatMap(Int.init) { bench.effort.drawsWithinReach = x != 0 }
    if let x = environment["BERTH_EPOCH"].flatMap(Int.init) { bench.effort.epochSteps = x }
    if let x = environment["BERTH_REHEAT"].flatMap(Double.init) { bench.effort.reheat = x > 0 ? x : nil }
    if let h = environment["BERTH_HOME"].flatMap(Int.init) { bench.effort.homeShare = h }
    if let h = environment["BERTH_LAHC_H"].flatMap(Int.init) { bench.effort.history = h }
    if let n = environment["BERTH_LAHC_N"].flatMap(Int.init) { bench.effort.lateAcceptanceSteps = n }
    if let x = environment["BERTH_LNS_SECONDS"].flatMap(Double.init) { bench.effort.neighbourhoodSeconds = x }
    if let x = environment["BERTH_CHAINS"].flatMap(Int.init) { bench.effort.ejectionChains = x }
    if let x = environment["BERTH_RELIEF_K"].flatMap(Int.init) { bench.effort.reliefMachines = x }
    if let x = environment["BERTH_RELIEF_FREE"].flatMap(Int.init) { bench.effort.reliefProcesses = x }
    if let x = environment["BERTH_RELIEF_SECONDS"].flatMap(Double.init) { bench.effort.reliefSeconds = x }
    if let x = environment["BERTH_POLISHERS"].flatMap(Int.init) { bench.effort.polishingSearches = x }
    if let x = environment["BERTH_REHEAT_FROM"].flatMap(Double.init) { bench.effort.reheatFrom = x }
    if let x = environment["BERTH_POLISH_FROM"].flatMap(Double.init) { bench.effort.polishingFrom = x }
    if let x = environment["BERTH_KEPT_AWAY"].flatMap(Int.init) { bench.effort.keptAway = x }
    if let n = environment["BERTH_ROADEF_SEARCHES"].flatMap(Int.init) { bench.searches = n }
    bench.run()
}
