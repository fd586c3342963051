import Berth
import Foundation
import Testing

/// Folders of `Sources/Berth` depend one way (issue 30): the model, then the kit (the vocabulary
/// rules are written in: `Constraint`, `PlacementRule`, problem, view, violation, encoding
/// interface, admission), then the rules (`Constraints/`, one file each), then readers and checkers, then the heuristics, the MIP, the scheduler, the
/// simulator, and the workflows on top. A reference to a type of a higher layer fails here.
@Suite struct ArchitectureTests {
    static let layers: [[String]] = [
        ["Model", "Shared"],
        ["Kit"],
        ["Constraints"],
        ["IO", "DSL", "Script", "Import", "Check"],
        ["Packing"],
        ["Placement"],
        ["Schedule"],
        ["Simulate"],
        ["Workflows", "Roadef"],
        ["API"],
    ]

    /// Top-level types declared in each folder, and the folders each folder's code names.
    static func references() throws -> [String: [String: Set<String>]] {
        let root = Fixtures.root.appendingPathComponent("Sources/Berth")
        let manager = FileManager.default
        var texts: [String: [String]] = [:]
        var owner: [String: String] = [:]
        /// Types a folder declares at any depth: its own nested `Move` is not another folder's `Move`.
        var own: [String: Set<String>] = [:]
        let declaration = try Regex(#"^(?:public |internal )?(?:final )?(?:struct|enum|class|protocol|actor) (\w+)"#).anchorsMatchLineEndings()
        let nested = try Regex(#"(?:struct|enum|class|protocol|actor) (\w+)"#)
        for folder in try manager.contentsOfDirectory(atPath: root.path).sorted() {
            let directory = root.appendingPathComponent(folder)
            guard let files = try? manager.contentsOfDirectory(atPath: directory.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                texts[folder, default: []].append(text)
                for match in text.matches(of: declaration) {
                    if let name = match.output[1].substring { owner[String(name)] = owner[String(name)] ?? folder }
                }
                for match in text.matches(of: nested) {
                    if let name = match.output[1].substring { own[folder, default: []].insert(String(name)) }
                }
            }
        }
        // Simple word boundaries: Unicode's would read `FlowSpreading.self` as one word.
        let comment = try Regex(#"//[^\n]*"#), literal = try Regex(#""(?:[^"\\\n]|\\.)*""#), word = try Regex(#"\b[A-Z]\w*\b"#).wordBoundaryKind(.simple)
        var result: [String: [String: Set<String>]] = [:]
        for (folder, sources) in texts {
            for source in sources {
                let code = source.replacing(comment, with: "").replacing(literal, with: "\"\"")
                for match in code.matches(of: word) {
                    let name = String(code[match.range])
                    if let other = owner[name], other != folder, !(own[folder]?.contains(name) ?? false) {
                        result[folder, default: [:]][other, default: []].insert(name)
                    }
                }
            }
        }
        return result
    }

    @Test func foldersDependOneWay() throws {
        let references = try Self.references()
        var layer: [String: Int] = [:]
        for (level, folders) in Self.layers.enumerated() { for folder in folders { layer[folder] = level } }
        #expect(Set(references.keys).isSubset(of: Set(layer.keys)), "folders without a layer: \(Set(references.keys).subtracting(layer.keys).sorted())")
        for (folder, targets) in references {
            for (target, names) in targets {
                guard let from = layer[folder], let to = layer[target] else { continue }
                #expect(to <= from, "\(folder) (layer \(from)) names \(names.sorted().joined(separator: ", ")) of \(target) (layer \(to))")
                if to == from, let back = references[target]?[folder] {
                    Issue.record("\(folder) and \(target) name each other: \(names.sorted()) / \(back.sorted())")
                }
            }
        }
    }

    @Test func checkersNameNoSolverOrSchedulerType() throws {
        let references = try Self.references()
        let forbidden: Set<String> = ["Packing", "Placement", "Schedule", "Simulate", "Workflows", "Roadef"]
        for (target, names) in references["Check"] ?? [:] where forbidden.contains(target) {
            Issue.record("Check/ names \(names.sorted()) of \(target)/: the checkers must re-derive everything from the model")
        }
    }

    /// Swift cannot list a protocol's conformers, so the catalog names each rule type once; a rule
    /// file whose type is missing there would not decode, parse or be tested: found here instead.
    @Test func everyRuleFileIsInTheCatalog() throws {
        let directory = Fixtures.root.appendingPathComponent("Sources/Berth/Constraints")
        let rule = try Regex(#"struct (\w+)\s*:[^{]*\b(?:PlacementRule|SchedulingRule)\b"#)
        var declared = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: rule) { if let name = match.output[1].substring { declared.insert(String(name)) } }
        }
        let listed = Set(ConstraintCatalog.typeNames)
        #expect(declared.count >= 38)
        #expect(declared.subtracting(listed).isEmpty, "rule types missing from ConstraintCatalog.types: \(declared.subtracting(listed).sorted())")
        #expect(listed.subtracting(declared).isEmpty, "catalog types declared outside Constraints/: \(listed.subtracting(declared).sorted())")
    }
}
