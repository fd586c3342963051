import BerthMIP
import CGLPKShim
import Dispatch
import Testing

/// GLPK faults become error codes, the process survives, and the next call on
/// the same thread gets a fresh GLPK environment.
@Suite struct FaultTests {
    /// Calls the shim directly with column index 5 in a 2-column problem.
    static func malformedSolve() -> (rc: Int32, function: String, message: String) {
        let kind: [Int32] = [0, 0], flags: [Int32] = [1, 1]
        let lb: [Double] = [0, 0], ub: [Double] = [0, 0], obj: [Double] = [1, 1]
        let rowFlags: [Int32] = [BERTH_GLPK_HAS_LOWER], rowLb: [Double] = [1], rowUb: [Double] = [0]
        let aRow: [Int32] = [0], aCol: [Int32] = [5], aVal: [Double] = [1]
        var values = [Double](repeating: 0, count: 2)
        var out = berth_glpk_result()
        var params = berth_glpk_params()
        params.time_limit = 1
        params.msg_level = 1
        let rc = kind.withUnsafeBufferPointer { kind in flags.withUnsafeBufferPointer { flags in
            lb.withUnsafeBufferPointer { lb in ub.withUnsafeBufferPointer { ub in obj.withUnsafeBufferPointer { obj in
                rowFlags.withUnsafeBufferPointer { rf in rowLb.withUnsafeBufferPointer { rl in rowUb.withUnsafeBufferPointer { ru in
                    aRow.withUnsafeBufferPointer { ar in aCol.withUnsafeBufferPointer { ac in aVal.withUnsafeBufferPointer { av in
                        values.withUnsafeMutableBufferPointer { vals in
                            var p = berth_glpk_problem()
                            p.ncols = 2
                            p.col_kind = kind.baseAddress
                            p.col_flags = flags.baseAddress
                            p.col_lb = lb.baseAddress
                            p.col_ub = ub.baseAddress
                            p.obj = obj.baseAddress
                            p.nrows = 1
                            p.row_flags = rf.baseAddress
                            p.row_lb = rl.baseAddress
                            p.row_ub = ru.baseAddress
                            p.nnz = 1
                            p.a_row = ar.baseAddress
                            p.a_col = ac.baseAddress
                            p.a_val = av.baseAddress
                            out.values = vals.baseAddress
                            return berth_glpk_solve(&p, &params, &out)
                        }
                    } } }
                } } }
            } } }
        } }
        return (rc, cString(out.function), cString(out.message))
    }

    static func probe() -> (rc: Int32, text: String) {
        var buf = [CChar](repeating: 0, count: 512)
        let rc = buf.withUnsafeMutableBufferPointer { berth_glpk_fault_probe($0.baseAddress, $0.count) }
        return (rc, buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    static func cString<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static func solveKnapsack() throws -> SolveResult {
        try GLPKSolver().solve(Fixtures.knapsack().model, parameters: SolveParameters(timeLimit: .seconds(5)))
    }

    @Test func faultThenSolveTwice() throws {
        for _ in 0..<2 {
            let bad = Self.malformedSolve()
            #expect(bad.rc == BERTH_GLPK_E_FAULT)
            #expect(bad.function == "glp_load_matrix", "\(bad)")
            #expect(bad.message.contains("glp_load_matrix"), "\(bad.message)")
            #expect(try Self.solveKnapsack().objective == 15)

            let probe = Self.probe()
            #expect(probe.rc == BERTH_GLPK_E_FAULT)
            #expect(probe.text.hasPrefix("glp_set_obj_coef"), "\(probe.text)")
            #expect(probe.text.contains("out of range"))
            #expect(try Self.solveKnapsack().objective == 15)
        }
    }

    @Test func faultsAndSolvesOnManyThreads() {
        let outcomes = Recorder<String>()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for _ in 0..<3 {
                let bad = i.isMultiple(of: 2) ? Self.malformedSolve().rc : Self.probe().rc
                let ok = (try? Self.solveKnapsack())?.objective
                let assignment = try? GLPKSolver().solve(Fixtures.assignment().model,
                                                         parameters: SolveParameters(timeLimit: .seconds(5)))
                outcomes.append("\(bad == BERTH_GLPK_E_FAULT) \(ok == 15) \(assignment?.objective == 13)")
            }
        }
        let all = outcomes.all
        #expect(all.count == 24)
        #expect(all.allSatisfy { $0 == "true true true" }, "\(all)")
    }
}
