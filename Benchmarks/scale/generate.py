#!/usr/bin/env python3
"""Generates BtrPlace std-perf-style instances at any scale (li = load increase, nr = new requests).

BtrPlace ships li3..li6 and nr3..nr6 (5,000 nodes, 15k..30k VMs) but not the generator that made
them. The rules below were read off the shipped instances (btrplace/scheduler
bench/src/test/resources/std-perf, commit ec0a71e) and are checked by `--compare`, which prints the
same statistics for a generated instance and a shipped one:

- nodes: memory 1600, uCpu 200, all online (li); nr takes the first 5 % offline.
- clients (Entropy's 3-tier applications): 6..29 VMs (uniform), split into 1..3 tiers
  (3 in 83 % of clients, 2 in 17 %, 1 in 1 %); a tier uses one template cXmY (X = uCpu peak in
  30/40/50/60, Y = memory 100/200/300, 11 templates, no c30m300) and one uCpu demand, the peak
  times 0.2..0.9; boot/shutdown 4/5, 5/6 or 9/10 s per tier.
- initial placement: VMs are dealt node by node in id order, each node taking 6 VMs on average
  at r6 (VMs / nodes in general, spread 2..9), from different clients where it can, within
  memory and uCpu capacity.
- li: ~10 % of the clients get a `preserve` on uCpu for every VM, one amount per tier: the
  template's peak times 0.5..1.08 (exactly the peak for 13 % of the tiers), and at least the
  demand + 4: ~12 % of the nodes end up overloaded, which is what the repair fixes.
- nr: the VMs of the offline nodes are `ready` and must be booted (`running`); `online` and
  `offline` pin the node states.

Deterministic: the same arguments give the same bytes.

    generate.py --family li --nodes 50000 --vms 300000 --seed 1 -o li6x10.json.gz
    generate.py --compare li6.json.gz GENERATED.json.gz
"""
import argparse
import collections
import gzip
import json
import random
import statistics
import sys

TEMPLATES = [(c, m) for c in (30, 40, 50, 60) for m in (100, 200, 300) if (c, m) != (30, 300)]
RATIOS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
RATIO_WEIGHTS = [3164, 3893, 3809, 4147, 4316, 4348, 4867, 1456]  # li6's demand/peak counts
BOOT = [(4, 5), (5, 6), (9, 10)]
BOOT_WEIGHTS = [12639, 9418, 7943]
NODE_MEMORY, NODE_CPU = 1600, 200


def preserve_amount(rng, peak, demand):
    """li's raised uCpu: the template peak times 0.5..1.08 (1.0 for 13 % of the tiers), at least the
    demand + 4 (li6: 396 of 2,979 at exactly the peak, none below demand + 4, at most 65)."""
    for _ in range(20):
        factor = 1.0 if rng.random() < 0.13 else rng.uniform(0.5, 1.08)
        amount = round(peak * factor)
        if amount >= demand + 4:
            return amount
    return demand + 4


def clients(rng, vm_count):
    """Clients of 6..29 VMs until vm_count VMs; each a list of tiers (template, demand, boot)."""
    out, total = [], 0
    while total < vm_count:
        size = min(rng.randint(6, 29), vm_count - total)
        tiers = rng.choices([3, 2, 1], weights=[1422, 286, 14])[0]
        tiers = min(tiers, size)
        cuts = sorted(rng.sample(range(1, size), tiers - 1)) if tiers > 1 else []
        bounds = [0] + cuts + [size]
        client = []
        for t in range(tiers):
            cpu, mem = rng.choice(TEMPLATES)
            demand = max(1, round(cpu * rng.choices(RATIOS, weights=RATIO_WEIGHTS)[0]))
            boot, shutdown = rng.choices(BOOT, weights=BOOT_WEIGHTS)[0]
            client += [(cpu, mem, demand, boot, shutdown)] * (bounds[t + 1] - bounds[t])
        out.append(client)
        total += size
    return out


def place(rng, client_list, node_count):
    """Deals the VMs onto nodes in order (a node takes VMs from different clients where it can).
    Returns (vms, hosts): vms[i] = (client, index in client, tier tuple), hosts[i] = node index."""
    # Interleave a window of 8 clients, so that consecutive VMs belong to different clients.
    order, window, nxt = [], collections.deque(), 0
    while window or nxt < len(client_list):
        while len(window) < 8 and nxt < len(client_list):
            window.append([nxt, 0])
            nxt += 1
        c = window.popleft()
        order.append((c[0], c[1]))
        c[1] += 1
        if c[1] < len(client_list[c[0]]):
            window.append(c)
    pending = collections.deque(order)
    load = [[0, 0] for _ in range(node_count)]
    placed = []
    for node in range(node_count):
        target = max(1, round(rng.gauss(len(pending) / (node_count - node), 1.0)))
        seen, skipped = set(), []
        while pending and target > 0 and len(skipped) <= 40:
            c, i = pending.popleft()
            tier = client_list[c][i]
            if c in seen or load[node][0] + tier[1] > NODE_MEMORY or load[node][1] + tier[2] > NODE_CPU:
                skipped.append((c, i))
                continue
            seen.add(c)
            placed.append(((c, i, tier), node))
            load[node][0] += tier[1]
            load[node][1] += tier[2]
            target -= 1
        pending.extendleft(reversed(skipped))
    for c, i in pending:  # what the last nodes could not take: first fit from a random node
        tier = client_list[c][i]
        start = rng.randrange(node_count)
        for k in range(node_count):
            node = (start + k) % node_count
            if load[node][0] + tier[1] <= NODE_MEMORY and load[node][1] + tier[2] <= NODE_CPU:
                placed.append(((c, i, tier), node))
                load[node][0] += tier[1]
                load[node][1] += tier[2]
                break
        else:
            raise SystemExit(f"generate.py: the VMs do not fit on {node_count} nodes")
    placed.sort(key=lambda p: (p[1], p[0][0], p[0][1]))  # VM ids follow the nodes, as in std-perf
    return [p[0] for p in placed], [p[1] for p in placed]


def generate(family, node_count, vm_count, seed):
    rng = random.Random(seed)
    client_list = clients(rng, vm_count)
    vms, hosts = place(rng, client_list, node_count)
    offline = set(range(node_count // 20)) if family == "nr" else set()
    online = {str(n): {"runningVMs": [], "sleepingVMs": []} for n in range(node_count) if n not in offline}
    ready, memory, ucpu, attributes, names = [], {}, {}, {}, {}
    for v, ((c, i, (cpu, mem, demand, boot, shutdown)), node) in enumerate(zip(vms, hosts)):
        if node in offline:
            ready.append(v)
        else:
            online[str(node)]["runningVMs"].append(v)
        memory[str(v)], ucpu[str(v)] = mem, demand
        attributes[str(v)] = {"template": f"c{cpu}m{mem}", "boot": boot, "shutdown": shutdown, "clone": True}
        names[f"clients.c{c}.VM{i + 1}"] = v
    constraints = []
    if family == "li":
        by_client = collections.defaultdict(list)
        for v, (c, _, _) in enumerate(vms):
            by_client[c].append(v)
        for c in sorted(by_client):
            if rng.random() < 167 / 1722:
                amounts = {}  # one amount per tier (template and demand), as in li6
                for v in by_client[c]:
                    cpu, _, demand, _, _ = vms[v][2]
                    key = (cpu, demand)
                    if key not in amounts:
                        amounts[key] = preserve_amount(rng, cpu, demand)
                    constraints.append({"id": "preserve", "vm": v, "rc": "uCpu", "amount": amounts[key]})
        constraints += [{"id": "online", "node": n, "continuous": False} for n in range(node_count)]
    else:
        constraints += [{"id": "running", "vm": v, "continuous": False} for v in ready]
        constraints += [{"id": "online", "node": n, "continuous": False} for n in range(node_count) if n not in offline]
        constraints += [{"id": "offline", "node": n, "continuous": False} for n in sorted(offline)]
    nodes = {str(n): None for n in range(node_count)}
    model = {
        "mapping": {"onlineNodes": online, "offlineNodes": sorted(offline), "readyVMs": ready},
        "attributes": {"nodes": {}, "vms": attributes},
        "views": [
            {"id": "shareableResource", "rcId": "memory", "defConsumption": 0, "defCapacity": 0,
             "nodes": {n: NODE_MEMORY for n in nodes}, "vms": memory},
            {"id": "shareableResource", "rcId": "uCpu", "defConsumption": 0, "defCapacity": 0,
             "nodes": {n: NODE_CPU for n in nodes}, "vms": ucpu},
            {"id": "ns", "type": "vm", "map": names},
        ],
    }
    return {"model": model, "constraints": constraints, "objective": {"id": "minimizeMTTR"}}


def statistics_of(document):
    """What the generator rules decide: sizes, per-node VM counts, overload, demand and rules."""
    model = document["model"]
    mapping = model["mapping"]
    views = {v.get("rcId"): v for v in model["views"] if v["id"] == "shareableResource"}
    memory, ucpu = views["memory"]["vms"], dict(views["uCpu"]["vms"])
    counts = collections.Counter(c["id"] for c in document["constraints"])
    for c in document["constraints"]:
        if c["id"] == "preserve" and c["rc"] == "uCpu":
            ucpu[str(c["vm"])] = max(ucpu[str(c["vm"])], c["amount"])
    hot, on_hot, per_node = 0, 0, []
    for node, content in mapping["onlineNodes"].items():
        vms = [str(v) for v in content["runningVMs"]]
        per_node.append(len(vms))
        load_m = sum(memory[v] for v in vms)
        load_c = sum(ucpu[v] for v in vms)
        if load_m > views["memory"]["nodes"][node] or load_c > views["uCpu"]["nodes"][node]:
            hot += 1
            on_hot += len(vms)
    nodes = len(mapping["onlineNodes"]) + len(mapping["offlineNodes"])
    vm_count = len(memory)
    return collections.OrderedDict([
        ("nodes", nodes), ("online nodes", len(mapping["onlineNodes"])), ("VMs", vm_count),
        ("ready VMs", len(mapping["readyVMs"])),
        ("VMs per online node (mean)", round(statistics.mean(per_node), 2)),
        ("VMs per online node (min-max)", f"{min(per_node)}-{max(per_node)}"),
        ("mean memory demand", round(statistics.mean(memory.values()), 1)),
        ("mean uCpu demand (after preserve)", round(statistics.mean(ucpu.values()), 1)),
        ("largest uCpu demand (after preserve)", max(ucpu.values())),
        ("preserve constraints", counts.get("preserve", 0)),
        ("running constraints", counts.get("running", 0)),
        ("overloaded nodes", hot), ("overloaded nodes %", round(100 * hot / nodes, 1)),
        ("VMs on overloaded nodes", on_hot),
    ])


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--family", choices=["li", "nr"], default="li")
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--vms", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", help="file to write (.json or .json.gz); standard output when absent")
    parser.add_argument("--compare", nargs="+", metavar="FILE", help="print the rules' statistics of these instances")
    args = parser.parse_args()
    if args.compare:
        stats = [statistics_of(load(p)) for p in args.compare]
        print("| statistic | " + " | ".join(args.compare) + " |")
        print("|---|" + "---|" * len(stats))
        for key in stats[0]:
            print(f"| {key} | " + " | ".join(str(s[key]) for s in stats) + " |")
        return
    if not (1 <= args.nodes <= 1_000_000 and 1 <= args.vms <= 10_000_000):
        raise SystemExit("generate.py: --nodes must be 1..1,000,000 and --vms 1..10,000,000")
    document = generate(args.family, args.nodes, args.vms, args.seed)
    text = json.dumps(document, separators=(",", ":"))
    if not args.output:
        sys.stdout.write(text)
    elif args.output.endswith(".gz"):
        with open(args.output, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(text.encode())  # no name, no time in the header: same arguments, same bytes
    else:
        with open(args.output, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
