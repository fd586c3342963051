import Foundation

/// Reads vector bin packing instances in the VPSolver `.vbp` format (Brandão & Pedroso):
/// `d`, the d bin capacities, the number of item types m, then m lines `w_1 … w_d q`.
///
/// The instance becomes a `minHosts` placement: n identical hosts `b0…` (enough for one item
/// each, all off) and one new running VM `i0…` per item copy, resources `r0…`.
package enum VectorPackingImport {
    public struct ImportError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func load(path: String) throws(ImportError) -> Instance {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ImportError(description: "\(path): cannot read")
        }
        return try read(text, name: path)
    }

    public static func read(_ text: String, name: String = "input") throws(ImportError) -> Instance {
        let numbers = text.split(whereSeparator: \.isWhitespace).map { Double($0) }  // "\r\n" is one Character
        var position = 0
        func next() throws(ImportError) -> Double {
            guard position < numbers.count, let value = numbers[position] else {
                throw ImportError(description: "\(name): expected a number at token \(position + 1)")
            }
            position += 1
            return value
        }
        let d = Int(try next())
        guard d > 0 else { throw ImportError(description: "\(name): the dimension must be positive") }
        let resources = (0..<d).map { "r\($0)" }
        var capacity = ResourceVector()
        for r in resources { capacity[r] = try next() }
        let types = Int(try next())
        var vms: [VM] = []
        for _ in 0..<types {
            var demand = ResourceVector()
            for r in resources { demand[r] = try next() }
            let copies = Int(try next())
            for _ in 0..<copies { vms.append(VM(id: "i\(vms.count)", demand: demand)) }
        }
        let hosts = vms.indices.map { Server(id: "b\($0)", capacity: capacity, state: .offline) }
        return Instance(cluster: Cluster(resources: resources, hosts: hosts, vms: vms), objective: .minHosts)
    }
}
