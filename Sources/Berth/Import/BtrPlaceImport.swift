import Foundation

/// Reads BtrPlace's JSON instance format (`btrplace/scheduler:json`, gzipped or not) into a Berth
/// instance, so both engines are compared on identical inputs.
///
/// Mapping: online nodes → online hosts, offline nodes → offline hosts; running/sleeping VMs keep
/// their node; ready VMs stay ready unless a `running` constraint asks to boot them (then they are
/// new running VMs to place). Each `shareableResource` view becomes a resource (`defCapacity` /
/// `defConsumption` fill the gaps). Node ids become `n<id>`, VM ids `vm<id>`. VM memory (resource
/// `memory` or `mem`) is the migration weight. Objectives `minimizeMTTR` and `minimizeMigrations`
/// both become `minMigrations`.
///
/// Constraints: ban, fence, spread, gather, among, lonely, root, online, offline, maxOnline map to
/// Berth's; `preserve{vm,rc,amount}` raises the VM's demand to `amount`; `resourceCapacity` on a
/// single node caps that host's capacity; `running` boots a ready VM. Anything else is listed in
/// `unsupported` and left out. Continuous constraints are checked on the final placement only.
package enum BtrPlaceImport {
    public struct Result: Sendable {
        public var instance: Instance
        /// Constraint ids Berth does not support, with how many were dropped.
        public var unsupported: [(kind: String, count: Int)]
        /// Other things worth knowing (views ignored, continuous constraints relaxed).
        public var notes: [String]
    }

    public struct ImportError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func load(path: String) throws(ImportError) -> Result {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ImportError(description: "\(path): cannot read: \(error.localizedDescription)")
        }
        return try read(data, name: path)
    }

    public static func read(_ raw: Data, name: String = "input") throws(ImportError) -> Result {
        let data: Data
        do { data = try Gunzip.decompress(raw) } catch { throw ImportError(description: "\(name): \(error.description)") }
        if let duplicate = JSONDuplicateKeys.first(in: data) {
            throw ImportError(description: "\(name): at \(duplicate.path): the key '\(duplicate.key)' appears twice in the same object")
        }
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ImportError(description: "\(name): the top level is not a JSON object")
            }
            root = object
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(description: "\(name): invalid JSON: \(error.localizedDescription)")
        }
        return try Reader(name: name).read(root)
    }
}

/// The conversion itself; errors name the JSON path.
private struct Reader {
    let name: String

    func fail(_ path: String, _ message: String) -> BtrPlaceImport.ImportError {
        BtrPlaceImport.ImportError(description: "\(name): \(path): \(message)")
    }

    func int(_ value: Any?, _ path: String) throws(BtrPlaceImport.ImportError) -> Int {
        if let number = value as? NSNumber { return number.intValue }
        if let text = value as? String, let number = Int(text) { return number }
        throw fail(path, "expected an integer")
    }

    func ints(_ value: Any?, _ path: String) throws(BtrPlaceImport.ImportError) -> [Int] {
        guard let array = value as? [Any] else { throw fail(path, "expected an array of integers") }
        var result: [Int] = []
        for (i, element) in array.enumerated() { result.append(try int(element, "\(path)[\(i)]")) }
        return result
    }

    func object(_ value: Any?, _ path: String) throws(BtrPlaceImport.ImportError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail(path, "expected an object") }
        return object
    }

    static func vmID(_ id: Int) -> String { "vm\(id)" }
    static func nodeID(_ id: Int) -> String { "n\(id)" }

    /// What the stages below read and fill: node and VM states, resources, capacities, demands.
    private struct Parts {
        var nodeState: [Int: HostState] = [:]
        var vmState: [Int: (VMState, Int?)] = [:]
        var resources: [String] = []
        var hostCapacity: [Int: ResourceVector] = [:]
        var vmDemand: [Int: ResourceVector] = [:]
        var constraints: [Constraint] = []
        var unsupported: [String: Int] = [:]
        var notes: [String] = []
    }

    func read(_ root: [String: Any]) throws(BtrPlaceImport.ImportError) -> BtrPlaceImport.Result {
        let model = try object(root["model"], "model")
        var parts = Parts()
        try readMapping(try object(model["mapping"], "model.mapping"), into: &parts)
        try readViews(model, into: &parts)
        try readConstraints(root, into: &parts)
        let memoryResource = parts.resources.first { $0 == "memory" || $0 == "mem" }
        let hosts = parts.nodeState.keys.sorted().map { node in
            Server(id: Self.nodeID(node), capacity: parts.hostCapacity[node]!, state: parts.nodeState[node]!)
        }
        let vms = parts.vmState.keys.sorted().map { vm -> VM in
            let (state, node) = parts.vmState[vm]!
            let demand = parts.vmDemand[vm]!
            return VM(
                id: Self.vmID(vm), demand: demand, state: state, host: node.map(Self.nodeID),
                memoryMiB: memoryResource.map { demand[$0] } ?? 0)
        }
        let objectiveID = (root["objective"] as? [String: Any])?["id"] as? String
        if let objectiveID, objectiveID != "minimizeMTTR", objectiveID != "minimizeMigrations" {
            parts.notes.append("objective \(objectiveID) is not supported; using minMigrations")
        }
        let instance = Instance(
            cluster: Cluster(resources: parts.resources, hosts: hosts, vms: vms),
            constraints: parts.constraints, objective: .minMigrations)
        return BtrPlaceImport.Result(
            instance: instance,
            unsupported: parts.unsupported.keys.sorted().map { ($0, parts.unsupported[$0]!) },
            notes: parts.notes)
    }

    /// Nodes on and off, running, sleeping and ready VMs.
    private func readMapping(_ mapping: [String: Any], into parts: inout Parts) throws(BtrPlaceImport.ImportError) {
        let onlineNodes = try object(mapping["onlineNodes"] ?? [String: Any](), "model.mapping.onlineNodes")
        for key in onlineNodes.keys {
            let path = "model.mapping.onlineNodes.\(key)"
            let node = try int(key, path)
            parts.nodeState[node] = .online
            let content = try object(onlineNodes[key], path)
            for vm in try ints(content["runningVMs"] ?? [Any](), path + ".runningVMs") { parts.vmState[vm] = (.running, node) }
            for vm in try ints(content["sleepingVMs"] ?? [Any](), path + ".sleepingVMs") { parts.vmState[vm] = (.sleeping, node) }
        }
        for node in try ints(mapping["offlineNodes"] ?? [Any](), "model.mapping.offlineNodes") { parts.nodeState[node] = .offline }
        for vm in try ints(mapping["readyVMs"] ?? [Any](), "model.mapping.readyVMs") { parts.vmState[vm] = (.ready, nil) }
    }

    /// The shareable-resource views: each node's capacity and each VM's demand per resource.
    private func readViews(_ model: [String: Any], into parts: inout Parts) throws(BtrPlaceImport.ImportError) {
        var capacity: [String: (default: Double, nodes: [Int: Double])] = [:]
        var consumption: [String: (default: Double, vms: [Int: Double])] = [:]
        var ignoredViews: [String] = []
        for (i, value) in ((model["views"] as? [Any]) ?? []).enumerated() {
            let path = "model.views[\(i)]"
            let view = try object(value, path)
            let kind = view["id"] as? String ?? "?"
            guard kind == "shareableResource" else {
                if kind != "ns" { ignoredViews.append(kind) }
                continue
            }
            guard let rc = view["rcId"] as? String else { throw fail(path + ".rcId", "expected a string") }
            var nodes: [Int: Double] = [:]
            for (key, amount) in try object(view["nodes"] ?? [String: Any](), path + ".nodes") {
                nodes[try int(key, path + ".nodes")] = Double(try int(amount, path + ".nodes.\(key)"))
            }
            var vms: [Int: Double] = [:]
            for (key, amount) in try object(view["vms"] ?? [String: Any](), path + ".vms") {
                vms[try int(key, path + ".vms")] = Double(try int(amount, path + ".vms.\(key)"))
            }
            parts.resources.append(rc)
            capacity[rc] = (Double((view["defCapacity"] as? NSNumber)?.intValue ?? 0), nodes)
            consumption[rc] = (Double((view["defConsumption"] as? NSNumber)?.intValue ?? 0), vms)
        }
        if !ignoredViews.isEmpty { parts.notes.append("views ignored: \(ignoredViews.sorted().joined(separator: ", "))") }
        for node in parts.nodeState.keys {
            var vector = ResourceVector()
            for rc in parts.resources { vector[rc] = capacity[rc]!.nodes[node] ?? capacity[rc]!.default }
            parts.hostCapacity[node] = vector
        }
        for vm in parts.vmState.keys {
            var vector = ResourceVector()
            for rc in parts.resources { vector[rc] = consumption[rc]!.vms[vm] ?? consumption[rc]!.default }
            parts.vmDemand[vm] = vector
        }
    }

    /// The constraints Berth has; `preserve`, single-node `resourceCapacity` and `running` become
    /// demands, capacities and states; the others are counted as unsupported.
    private func readConstraints(_ root: [String: Any], into parts: inout Parts) throws(BtrPlaceImport.ImportError) {
        var continuous = 0
        for (i, value) in ((root["constraints"] as? [Any]) ?? []).enumerated() {
            let path = "constraints[\(i)]"
            let c = try object(value, path)
            if (c["continuous"] as? Bool) == true { continuous += 1 }
            try readConstraint(c, path, into: &parts)
        }
        if continuous > 0 {
            parts.notes.append("\(continuous) continuous constraints are checked on the final placement only (Berth plans no intermediate states)")
        }
    }

    private func readConstraint(_ c: [String: Any], _ path: String, into parts: inout Parts) throws(BtrPlaceImport.ImportError) {
        let kind = c["id"] as? String ?? "?"
        let hostName = Self.nodeID, vmName = Self.vmID
        func nodes() throws(BtrPlaceImport.ImportError) -> [String] {
            if c["nodes"] != nil { return try ints(c["nodes"], path + ".nodes").map(hostName) }
            return [hostName(try int(c["node"], path + ".node"))]
        }
        func vms() throws(BtrPlaceImport.ImportError) -> [String] {
            if c["vms"] != nil { return try ints(c["vms"], path + ".vms").map(vmName) }
            return [vmName(try int(c["vm"], path + ".vm"))]
        }
        switch kind {
        case "ban": parts.constraints.append(.ban(Ban(vms: try vms(), hosts: try nodes())))
        case "fence": parts.constraints.append(.fence(Fence(vms: try vms(), hosts: try nodes())))
        case "spread": parts.constraints.append(.spread(Spread(vms: try vms())))
        case "gather": parts.constraints.append(.gather(Gather(vms: try vms())))
        case "lonely": parts.constraints.append(.lonely(Lonely(vms: try vms())))
        case "root": parts.constraints.append(.root(Root(vms: try vms())))
        case "online": parts.constraints.append(.online(Online(hosts: try nodes())))
        case "offline": parts.constraints.append(.offline(Offline(hosts: try nodes())))
        case "maxOnline":
            parts.constraints.append(.maxOnline(MaxOnline(hosts: try nodes(), amount: try int(c["amount"], path + ".amount"))))
        case "among":
            guard let groupsValue = c["parts"] as? [Any] else { throw fail(path + ".parts", "expected an array of node arrays") }
            var groups: [[String]] = []
            for (k, part) in groupsValue.enumerated() { groups.append(try ints(part, path + ".parts[\(k)]").map(hostName)) }
            parts.constraints.append(.among(Among(vms: try vms(), groups: groups)))
        case "preserve":
            let vm = try int(c["vm"], path + ".vm")
            guard let rc = c["rc"] as? String else { throw fail(path + ".rc", "expected a string") }
            let amount = Double(try int(c["amount"], path + ".amount"))
            if parts.vmDemand[vm] != nil, parts.resources.contains(rc) { parts.vmDemand[vm]![rc] = max(parts.vmDemand[vm]![rc], amount) }
        case "resourceCapacity":
            let hosts = try ints(c["nodes"], path + ".nodes")
            guard hosts.count == 1, let rc = c["rc"] as? String, parts.resources.contains(rc), parts.hostCapacity[hosts[0]] != nil else {
                parts.unsupported["resourceCapacity (several nodes)", default: 0] += 1
                return
            }
            let amount = Double(try int(c["amount"], path + ".amount"))
            parts.hostCapacity[hosts[0]]![rc] = min(parts.hostCapacity[hosts[0]]![rc], amount)
        case "running":
            for id in try vms() {
                guard let vm = Int(id.dropFirst(2)), let state = parts.vmState[vm] else { continue }
                if state.0 == .ready { parts.vmState[vm] = (.running, nil) }
            }
        default:
            parts.unsupported[kind, default: 0] += 1
        }
    }
}
