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

    func read(_ root: [String: Any]) throws(BtrPlaceImport.ImportError) -> BtrPlaceImport.Result {
        let model = try object(root["model"], "model")
        let mapping = try object(model["mapping"], "model.mapping")
        var notes: [String] = []

        // Nodes and VMs, in id order for determinism.
        var nodeState: [Int: HostState] = [:]
        var vmState: [Int: (VMState, Int?)] = [:]
        let onlineNodes = try object(mapping["onlineNodes"] ?? [String: Any](), "model.mapping.onlineNodes")
        for key in onlineNodes.keys {
            let path = "model.mapping.onlineNodes.\(key)"
            let node = try int(key, path)
            nodeState[node] = .online
            let content = try object(onlineNodes[key], path)
            for vm in try ints(content["runningVMs"] ?? [Any](), path + ".runningVMs") { vmState[vm] = (.running, node) }
            for vm in try ints(content["sleepingVMs"] ?? [Any](), path + ".sleepingVMs") { vmState[vm] = (.sleeping, node) }
        }
        for node in try ints(mapping["offlineNodes"] ?? [Any](), "model.mapping.offlineNodes") { nodeState[node] = .offline }
        for vm in try ints(mapping["readyVMs"] ?? [Any](), "model.mapping.readyVMs") { vmState[vm] = (.ready, nil) }

        // Resources.
        var resources: [String] = []
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
            resources.append(rc)
            capacity[rc] = (Double((view["defCapacity"] as? NSNumber)?.intValue ?? 0), nodes)
            consumption[rc] = (Double((view["defConsumption"] as? NSNumber)?.intValue ?? 0), vms)
        }
        if !ignoredViews.isEmpty { notes.append("views ignored: \(ignoredViews.sorted().joined(separator: ", "))") }
        let memoryResource = resources.first { $0 == "memory" || $0 == "mem" }

        var hostCapacity: [Int: ResourceVector] = [:]
        for node in nodeState.keys {
            var vector = ResourceVector()
            for rc in resources { vector[rc] = capacity[rc]!.nodes[node] ?? capacity[rc]!.default }
            hostCapacity[node] = vector
        }
        var vmDemand: [Int: ResourceVector] = [:]
        for vm in vmState.keys {
            var vector = ResourceVector()
            for rc in resources { vector[rc] = consumption[rc]!.vms[vm] ?? consumption[rc]!.default }
            vmDemand[vm] = vector
        }

        // Constraints.
        var constraints: [Constraint] = []
        var unsupported: [String: Int] = [:]
        var continuous = 0
        let hostName = Self.nodeID, vmName = Self.vmID
        for (i, value) in ((root["constraints"] as? [Any]) ?? []).enumerated() {
            let path = "constraints[\(i)]"
            let c = try object(value, path)
            let kind = c["id"] as? String ?? "?"
            if (c["continuous"] as? Bool) == true { continuous += 1 }
            func nodes() throws(BtrPlaceImport.ImportError) -> [String] {
                if c["nodes"] != nil { return try ints(c["nodes"], path + ".nodes").map(hostName) }
                return [hostName(try int(c["node"], path + ".node"))]
            }
            func vms() throws(BtrPlaceImport.ImportError) -> [String] {
                if c["vms"] != nil { return try ints(c["vms"], path + ".vms").map(vmName) }
                return [vmName(try int(c["vm"], path + ".vm"))]
            }
            switch kind {
            case "ban": constraints.append(.ban(Ban(vms: try vms(), hosts: try nodes())))
            case "fence": constraints.append(.fence(Fence(vms: try vms(), hosts: try nodes())))
            case "spread": constraints.append(.spread(Spread(vms: try vms())))
            case "gather": constraints.append(.gather(Gather(vms: try vms())))
            case "lonely": constraints.append(.lonely(Lonely(vms: try vms())))
            case "root": constraints.append(.root(Root(vms: try vms())))
            case "online": constraints.append(.online(Online(hosts: try nodes())))
            case "offline": constraints.append(.offline(Offline(hosts: try nodes())))
            case "maxOnline":
                constraints.append(.maxOnline(MaxOnline(hosts: try nodes(), amount: try int(c["amount"], path + ".amount"))))
            case "among":
                guard let parts = c["parts"] as? [Any] else { throw fail(path + ".parts", "expected an array of node arrays") }
                var groups: [[String]] = []
                for (k, part) in parts.enumerated() { groups.append(try ints(part, path + ".parts[\(k)]").map(hostName)) }
                constraints.append(.among(Among(vms: try vms(), groups: groups)))
            case "preserve":
                let vm = try int(c["vm"], path + ".vm")
                guard let rc = c["rc"] as? String else { throw fail(path + ".rc", "expected a string") }
                let amount = Double(try int(c["amount"], path + ".amount"))
                if vmDemand[vm] != nil, resources.contains(rc) { vmDemand[vm]![rc] = max(vmDemand[vm]![rc], amount) }
            case "resourceCapacity":
                let hosts = try ints(c["nodes"], path + ".nodes")
                guard hosts.count == 1, let rc = c["rc"] as? String, resources.contains(rc), hostCapacity[hosts[0]] != nil else {
                    unsupported["resourceCapacity (several nodes)", default: 0] += 1
                    continue
                }
                let amount = Double(try int(c["amount"], path + ".amount"))
                hostCapacity[hosts[0]]![rc] = min(hostCapacity[hosts[0]]![rc], amount)
            case "running":
                for id in try vms() {
                    guard let vm = Int(id.dropFirst(2)), let state = vmState[vm] else { continue }
                    if state.0 == .ready { vmState[vm] = (.running, nil) }
                }
            default:
                unsupported[kind, default: 0] += 1
            }
        }
        if continuous > 0 {
            notes.append("\(continuous) continuous constraints are checked on the final placement only (Berth plans no intermediate states)")
        }

        let hosts = nodeState.keys.sorted().map { node in
            Server(id: hostName(node), capacity: hostCapacity[node]!, state: nodeState[node]!)
        }
        let vms = vmState.keys.sorted().map { vm -> VM in
            let (state, node) = vmState[vm]!
            let demand = vmDemand[vm]!
            return VM(
                id: vmName(vm), demand: demand, state: state, host: node.map(hostName),
                memoryMiB: memoryResource.map { demand[$0] } ?? 0)
        }
        let objectiveID = (root["objective"] as? [String: Any])?["id"] as? String
        if let objectiveID, objectiveID != "minimizeMTTR", objectiveID != "minimizeMigrations" {
            notes.append("objective \(objectiveID) is not supported; using minMigrations")
        }
        let instance = Instance(
            cluster: Cluster(resources: resources, hosts: hosts, vms: vms),
            constraints: constraints, objective: .minMigrations)
        return BtrPlaceImport.Result(
            instance: instance,
            unsupported: unsupported.keys.sorted().map { ($0, unsupported[$0]!) },
            notes: notes)
    }
}
