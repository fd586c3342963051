import BerthMIP
import Foundation
import Testing

@Suite struct ModelTests {
    @Test func expressionsMergeAndMoveConstants() throws {
        var m = MIPModel()
        let x = m.addVariable("x"), y = m.addVariable("y")
        let c = 2 * x + y + 3 <= x + 10
        #expect(c.upper == 7)
        #expect(c.lower == nil)
        m.addConstraint(c, name: "r")
        // 2x + y - x merged to x + y.
        let row = m.rows[0]
        #expect(row.terms == [LinearTerm(variable: x, coefficient: 1), LinearTerm(variable: y, coefficient: 1)])
        #expect(row.upper == 7)
        var e = LinearExpr.sum([x, y])
        e -= x
        e += 4
        #expect(m.nonzeroCount == 2)
        #expect(e.value(in: [5, 6]) == 10)
        let eq = (x - y) == 2
        #expect(eq.lower == 2 && eq.upper == 2)
        let ge = 3 >= LinearExpr(x)
        #expect(ge.upper == 3)
    }

    @Test func binaryForcesUnitBounds() {
        var m = MIPModel()
        let b = m.addVariable("b", kind: .binary, lowerBound: -5, upperBound: 7)
        #expect(m.variables[b.index].lowerBound == 0)
        #expect(m.variables[b.index].upperBound == 1)
    }

    @Test func validateReportsEveryProblem() {
        var m = MIPModel()
        let x = m.addVariable("x", lowerBound: 5, upperBound: 1)          // inverted
        let b = m.addVariable("b", kind: .binary)
        m.setBounds(b, lower: 0, upper: 2)                                  // binary outside [0,1]
        m.addConstraint(LinearExpr.sum([(Double.nan, x)]) <= 1, name: "nan_row")   // NaN coefficient
        m.addConstraint(Variable(index: 9) <= 1, name: "ghost")             // out of range
        m.addConstraint(LinearExpr(x) >= Double.infinity, name: "inf_rhs")  // lower bound +inf
        m.minimize(LinearExpr(x))
        do {
            try m.validate()
            Issue.record("validate() accepted an invalid model")
        } catch {
            #expect(error.problems.count == 5, "\(error.problems)")
            let text = error.description
            #expect(text.contains("variable x"))
            #expect(text.contains("nan_row"))
            #expect(text.contains("ghost"))
            #expect(text.contains("binary upper bound 2"))
            #expect(text.contains("inf_rhs"))
        }
        // The solver refuses it with the same list.
        #expect(throws: GLPKError.self) {
            try GLPKSolver().solve(m, parameters: SolveParameters(timeLimit: .seconds(1)))
        }
    }

    @Test func infiniteBoundsMeanNoBound() throws {
        var m = MIPModel()
        let x = m.addVariable("x", lowerBound: -.infinity, upperBound: .infinity)
        m.addConstraint(x >= -3, name: "floor")
        m.minimize(LinearExpr(x))
        try m.validate()
        let r = try GLPKSolver().solve(m, parameters: SolveParameters(timeLimit: .seconds(2)))
        #expect(r.status == .optimal)
        #expect(abs(r.value(x) + 3) < 1e-9)
    }

    @Test func violationsNameRowsAndVariables() {
        var m = MIPModel()
        let x = m.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
        let y = m.addVariable("y")
        m.addConstraint(x + y <= 4, name: "cap_h1")
        let v = m.violations(of: [2.5, 3.5])
        #expect(v.count == 2)
        #expect(v.contains { $0.contains("row cap_h1 violated by 2") })
        #expect(v.contains { $0.contains("variable x") && $0.contains("not integral") })
        #expect(m.violations(of: [2, 2]).isEmpty)
        #expect(m.violations(of: [1]).count == 1)
    }

    @Test func writeLPProducesCplexFormat() throws {
        var (m, _) = Fixtures.knapsack()
        // Awkward and duplicate names must still give distinct LP names.
        let a = m.addVariable("dup name", kind: .integer, lowerBound: 0, upperBound: 3)
        let b = m.addVariable("dup-name", kind: .integer, lowerBound: 0, upperBound: 3)
        m.addConstraint(a + b >= 1, name: "link: a+b")
        m.minimize(LinearExpr.sum([a, b]) + 2)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("berthmip-\(UUID().uuidString).lp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try m.writeLP(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Minimize"))
        #expect(text.contains("Subject To"))
        #expect(text.contains("capacity"))
        #expect(text.contains("dup_name"))
        #expect(text.contains("dup~name"))
        #expect(text.contains("link__a+b") || text.contains("link_"))
    }

    @Test func writeLPWithoutRowsStillWritesTheModel() throws {
        var m = MIPModel(name: "bounds only")
        let x = m.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 3)
        m.maximize(LinearExpr(x))
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("berthmip-\(UUID().uuidString).lp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try m.writeLP(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Maximize"))
        #expect(text.contains("Subject To"))
        #expect(text.contains("0 <= x <= 3"))
        #expect(text.contains("Generals"))
    }

    @Test func writeLPReportsUnwritablePath() {
        let (m, _) = Fixtures.knapsack()
        do {
            try m.writeLP(to: "/nonexistent-dir/x/model.lp")
            Issue.record("expected an error")
        } catch {
            #expect(error.function == "glp_write_lp")
            #expect(!error.message.isEmpty)
        }
    }
}
