#!/usr/bin/env python3
"""Regenerates the bundled models (deterministic). Run from anywhere: python3 Models/generate.py

seed001-*: the Euro-Par'14 Bullx testbed of seed 001 (../shared/seeds/001_*.txt) rebuilt as
parameters: three blade-centers of 15 blades (2 x quad-core Xeon E5520 = 8 cores, 24 GB),
60 VMs of 2 vCPU / 2 GB running httperf (half at 100 req/s, half at 200 req/s).
Boot 113 s, shutdown 29.5 s, ~100 W on, ~200 W booting (research/migration.md section 3).
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, instance):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(instance, f, indent=2, sort_keys=False)
        f.write("\n")


def blade(bc, i, state, cores=8):
    return {
        "id": f"bc{bc}-{i:02d}",
        "capacity": {"cpu": cores, "memory": 24576},
        "state": state,
        "attributes": {"bladeCenter": f"bc{bc}", "rack": f"r{bc}"},
        "features": ["x86-64", "sse4.2"],
        "power": {"idleWatts": 100, "peakWatts": 200, "bootSeconds": 113, "shutdownSeconds": 29.5},
    }


def testbed_vm(n, host):
    hot = n % 2 == 0  # 200 req/s half
    return {
        "id": f"vm-{n:02d}",
        "demand": {"cpu": 2, "memory": 2048},
        "state": "running",
        "host": host,
        "memoryMiB": 2048,
        "dirtyRateMiBps": 3 if hot else 1.5,
        "workload": "web",
        "tags": ["httperf-200" if hot else "httperf-100"],
    }


def seed001(constraints, objective, time_limit=30):
    hosts = [blade(1, i, "online") for i in range(1, 16)]
    hosts += [blade(bc, i, "offline") for bc in (2, 3) for i in range(1, 16)]
    vms = [testbed_vm(n, f"bc1-{(n - 1) // 4 + 1:02d}") for n in range(1, 61)]
    return {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": hosts,
        "vms": vms,
        "constraints": constraints,
        "objective": objective,
        "timeLimit": time_limit,
    }


write("seed001-testbed.json", seed001([], "minHosts"))
write(
    "seed001-maintenance.json",
    seed001(
        [{"kind": "offline", "id": "maintenance-bc1", "hosts": [f"bc1-{i:02d}" for i in range(1, 16)]}],
        "minMigrations",
    ),
)

# Seed 001 scenario 2 (server upgrading): two old blade-centers with half their cores disabled
# (4 cores, 2 VMs each) are replaced by one new blade-center (8 cores, 4 VMs each), offline at first.
old = [blade(bc, i, "online", cores=4) for bc in (1, 2) for i in range(1, 16)]
new = [blade(3, i, "offline") for i in range(1, 16)]
refresh_vms = [testbed_vm(n, old[(n - 1) // 2]["id"]) for n in range(1, 61)]
write(
    "seed001-refresh.json",
    {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": old + new,
        "vms": refresh_vms,
        "constraints": [{"kind": "offline", "id": "retire-old", "hosts": [h["id"] for h in old]}],
        "objective": "minMigrations",
        "timeLimit": 30,
    },
)

# A small, half-empty 8-host cluster with the affinity rules operators write, for the README demo.
def host(i, rack, cpu, mem, features, state="online"):
    return {
        "id": f"h{i}",
        "capacity": {"cpu": cpu, "memory": mem},
        "state": state,
        "attributes": {"rack": rack},
        "features": features,
        "overbooking": {"cpu": 2},
        "power": {"idleWatts": 120, "peakWatts": 300, "bootSeconds": 90, "shutdownSeconds": 30},
    }


demo_hosts = [
    host(1, "r1", 16, 65536, ["avx2"]),
    host(2, "r1", 16, 65536, ["avx2"]),
    host(3, "r1", 16, 65536, ["avx2"]),
    host(4, "r1", 16, 65536, ["avx2", "gpu"]),
    host(5, "r2", 16, 65536, ["avx2"]),
    host(6, "r2", 16, 65536, ["avx2"]),
    host(7, "r2", 16, 65536, ["avx2", "avx512"]),
    host(8, "r2", 16, 65536, ["avx2"], state="offline"),
]


def vm(name, cpu, mem, host_id, workload, tags=(), requires=()):
    return {
        "id": name,
        "demand": {"cpu": cpu, "memory": mem},
        "host": host_id,
        "memoryMiB": mem,
        "dirtyRateMiBps": {"web": 4, "memoryDirtying": 40, "networkReceive": 2, "cpu": 1, "diskIO": 3}[workload],
        "workload": workload,
        "tags": list(tags),
        "requires": list(requires),
    }


demo_vms = [
    vm("web-1", 4, 8192, "h1", "web", ["web"]),
    vm("web-2", 4, 8192, "h2", "web", ["web"]),
    vm("web-3", 4, 8192, "h3", "web", ["web"]),
    vm("app-1", 6, 12288, "h5", "cpu", ["app"]),
    vm("cache-1", 2, 16384, "h6", "memoryDirtying", ["app"]),
    vm("db-1", 8, 24576, "h1", "diskIO", ["db"], ["avx2"]),
    vm("db-2", 8, 24576, "h5", "diskIO", ["db"], ["avx2"]),
    vm("ml-1", 8, 16384, "h4", "cpu", ["ml"], ["gpu"]),
    vm("batch-1", 4, 4096, "h6", "cpu", ["batch"]),
    vm("batch-2", 4, 4096, "h7", "cpu", ["batch"]),
    vm("vault-1", 2, 4096, "h7", "networkReceive", ["secure"]),
    vm("legacy-1", 2, 2048, "h3", "web", ["legacy"]),
]
write(
    "demo-8hosts.json",
    {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": demo_hosts,
        "vms": demo_vms,
        "constraints": [
            {"kind": "spread", "id": "web-ha", "vms": ["web-1", "web-2", "web-3"]},
            {"kind": "gather", "id": "app-with-cache", "vms": ["app-1", "cache-1"]},
            {"kind": "spread", "id": "db-ha", "vms": ["db-1", "db-2"]},
            {"kind": "among", "id": "db-one-rack", "vms": ["db-1", "db-2"],
             "groups": [["h1", "h2", "h3", "h4"], ["h5", "h6", "h7", "h8"]]},
            {"kind": "lonely", "id": "vault-alone", "vms": ["vault-1"]},
            {"kind": "ban", "id": "batch-off-gpu", "vms": ["batch-1", "batch-2"], "hosts": ["h4"]},
            {"kind": "root", "id": "legacy-pinned", "vms": ["legacy-1"]},
            {"kind": "maxOnline", "id": "licences", "hosts": [f"h{i}" for i in range(1, 9)], "amount": 6},
        ],
        "objective": "minHosts",
        "timeLimit": 20,
    },
)

# An impossible request: spread of 5 VMs over a 4-host cluster. `berth solve` exits 2 naming it.
write(
    "impossible-spread.json",
    {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": [{"id": f"n{i}", "capacity": {"cpu": 16, "memory": 32768}} for i in range(1, 5)],
        "vms": [
            {"id": f"replica-{i}", "demand": {"cpu": 2, "memory": 4096}, "host": f"n{(i - 1) % 4 + 1}", "memoryMiB": 4096}
            for i in range(1, 6)
        ],
        "constraints": [{"kind": "spread", "id": "replicas-apart", "vms": [f"replica-{i}" for i in range(1, 6)]}],
        "objective": "minMigrations",
    },
)

# --- Migration planning (issue 3): seed 001 scenarios with the testbed's network -----------------
# 1 Gb/s NIC per blade, a 3 x 1 Gb/s aggregated interlink between blade-center switches (a flow is
# pinned to one member by a hash of the host pair), boot 115 s, shutdown 30 s, QEMU 1.7's 30 ms
# downtime target. memoryMiB is the resident memory actually copied (1364 MiB = 1430 MB, so a lone
# migration takes 12.2 s at 0.94 x 1 Gb/s as in the paper's sequential runs); the dirty profile is
# the light one that let every parallel migration of Table 1 converge (research section 5.7): a 4 MB
# hot set rewritten at 1.5 MB/s for the 100 req/s VMs, 8 MB at 3 MB/s for the 200 req/s ones.


def planning_blade(bc, i, state, cores=8):
    h = blade(bc, i, state, cores)
    h["power"] = {"idleWatts": 100, "peakWatts": 200, "bootSeconds": 115, "shutdownSeconds": 30}
    return h


MB = 1e6 / 2**20


def planning_vm(n, host):
    v = testbed_vm(n, host)
    hot = v["dirtyRateMiBps"] == 3
    v["memoryMiB"] = 1364
    v["dirtyRateMiBps"] = 0
    v["hotSetMiB"] = round((8 if hot else 4) * MB, 2)
    v["hotRateMiBps"] = round((3 if hot else 1.5) * MB, 2)
    return v


def planning_network(attachments, links):
    return {
        "switches": [{"id": s} for s in sorted({sw for _, sw in attachments})],
        "links": links,
        "hosts": [{"host": h, "switch": sw} for h, sw in attachments],
        "defaultNicGbps": 1,
        "efficiency": 0.94,
        "downtimeTargetMs": 30,
        "maxRounds": 30,
    }


def paper_split_pins(sources, destinations):
    """Seed 001's interlink: a 6/5/4 split of the 15 source blades over the 3 LAG members (research
    section 3: the XOR(MAC) imbalance that reproduces the published parallel makespan), stated as
    one explicit member per (source, destination) flow."""
    member = lambda i: 1 if i < 6 else 2 if i < 11 else 3
    return [{"from": s["id"], "to": d["id"], "member": member(i)} for i, s in enumerate(sources) for d in destinations]


def maintenance_plan(extra_constraints):
    on = [planning_blade(1, i, "online") for i in range(1, 16)]
    spare = [planning_blade(2, i, "offline") for i in range(1, 16)]
    hosts = on + spare
    return {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": hosts,
        "vms": [planning_vm(n, f"bc1-{(n - 1) // 4 + 1:02d}") for n in range(1, 61)],
        "constraints": [{"kind": "offline", "id": "maintenance-bc1", "hosts": [h["id"] for h in on]}] + extra_constraints,
        "objective": "minMigrations",
        "timeLimit": 30,
        "network": planning_network(
            [(h["id"], h["attributes"]["bladeCenter"]) for h in hosts],
            [{"id": "interlink", "between": ["bc1", "bc2"], "gbps": 3, "members": 3, "pins": paper_split_pins(on, spare)}],
        ),
    }


write("seed001-maintenance-plan.json", maintenance_plan([]))
# 15 blades fully loaded draw 3 kW; each boot draws 200 W: 4 kW lets about five boot at once, not fifteen.
write("seed001-maintenance-budget.json", maintenance_plan([{"kind": "powerBudget", "id": "budget-4kW", "watts": 4000}]))

old_p = [planning_blade(bc, i, "online", cores=4) for bc in (1, 2) for i in range(1, 16)]
new_p = [planning_blade(3, i, "offline") for i in range(1, 16)]
write(
    "seed001-refresh-plan.json",
    {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": old_p + new_p,
        "vms": [planning_vm(n, old_p[(n - 1) // 2]["id"]) for n in range(1, 61)],
        "constraints": [{"kind": "offline", "id": "retire-old", "hosts": [h["id"] for h in old_p]}],
        "objective": "minMigrations",
        "timeLimit": 30,
        # Both old blade-centers sit behind one switch side of a single shared 3 x 1 Gb/s bundle (research §5.7).
        "network": planning_network(
            [(h["id"], "old") for h in old_p] + [(h["id"], "new") for h in new_p],
            [{"id": "interlink", "between": ["old", "new"], "gbps": 3, "members": 3, "hash": "xor"}],
        ),
    },
)

# SC3 (research section 5.5): hot VMs behind a saturated interlink (Euro-Par Tables 2-3). 6 source blades
# with 4 VMs each at 200 req/s (890 MB resident = 849 MiB; hot set 8 MB rewritten at 29 MB/s) evacuate
# onto 6 blades of the other blade-center over 3 x 1 GbE; each flow's member is stated (source i on
# member i mod 3 + 1, whatever the destination). QEMU 1.7: 30 ms downtime target, forced at 600 s.
hot_src = [planning_blade(1, i, "online") for i in range(1, 7)]
hot_dst = [planning_blade(2, i, "online") for i in range(1, 7)]
write(
    "seed001-hotvms-plan.json",
    {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": hot_src + hot_dst,
        "vms": [
            dict(testbed_vm(n, hot_src[(n - 1) // 4]["id"]), memoryMiB=round(890 * MB, 1), dirtyRateMiBps=0,
                 hotSetMiB=round(8 * MB, 2), hotRateMiBps=round(29 * MB, 2), tags=["httperf-200"])
            for n in range(1, 25)
        ],
        "constraints": [{"kind": "offline", "id": "evacuate-sources", "hosts": [h["id"] for h in hot_src]}],
        "objective": "minMigrations",
        "timeLimit": 30,
        "network": dict(
            planning_network(
                [(h["id"], "bc1") for h in hot_src] + [(h["id"], "bc2") for h in hot_dst],
                [{"id": "interlink", "between": ["bc1", "bc2"], "gbps": 3, "members": 3,
                  "pins": [{"from": s["id"], "to": d["id"], "member": i % 3 + 1} for i, s in enumerate(hot_src) for d in hot_dst]}],
            ),
            migrationTimeoutSeconds=600, onTimeout="forceSwitchover",
        ),
    },
)


# SC4 (research section 5.5, 5.7): the UCC'15 rack decommission. 48 online sources in racks A and B
# (24 each, 1 GbE NICs) empty onto 24 offline destinations in rack C; racks reach a core switch over
# 10 GbE uplinks. 96 VMs, 2 per source; even sources run (2000 MB idle, 4000 MB stress), odd ones
# (2000 MB stress, 4000 MB idle). Boot 120 s, shutdown 17 s; power 110 W + 16 W per VM, +20 % while
# booting; a 9 kW budget (all 72 hosts on would draw 9,456 W, so sources must shut down before the
# last destinations boot). "calm": h = 0, c = 2 MB/s (idle VMs h = 1.67 MB/s); "hot": the stress VMs
# rewrite a 96 MB hot set every 2 s plus 3 MB/s cold. 300 ms downtime target, 600 s timeout.
def ucc_host(rack, i, state):
    return {
        "id": f"{rack}-{i:02d}",
        "capacity": {"cpu": 8, "memory": 16384},
        "state": state,
        "attributes": {"rack": rack},
        "power": {"idleWatts": 110, "peakWatts": 110, "bootSeconds": 120, "shutdownSeconds": 17,
                  "bootOverhead": 0.2, "wattsPerVM": 16},
    }


def ucc_plan(hot):
    sources = [ucc_host(r, i, "online") for r in ("rA", "rB") for i in range(1, 25)]
    destinations = [ucc_host("rC", i, "offline") for i in range(1, 25)]
    vms = []
    for k, src in enumerate(sources):
        for slot in range(2):
            used = 2000 if slot == 0 else 4000
            stress = (k % 2 == 0) == (slot == 1)
            vm = {"id": f"vm-{2 * k + slot + 1:02d}", "demand": {"cpu": 2, "memory": 4096}, "state": "running",
                  "host": src["id"], "memoryMiB": round(used * MB, 1), "workload": "memoryDirtying" if stress else "web",
                  "tags": ["stress" if stress else "idle"]}
            if hot and stress:
                vm.update(hotSetMiB=round(96 * MB, 2), hotRateMiBps=round(48 * MB, 2), dirtyRateMiBps=round(3 * MB, 2))
            elif stress:
                vm.update(dirtyRateMiBps=round(2 * MB, 2))
            else:
                vm.update(dirtyRateMiBps=round(2 * MB, 2), hotSetMiB=round(4 * MB, 2), hotRateMiBps=round(1.67 * MB, 2))
            vms.append(vm)
    hosts = sources + destinations
    return {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": hosts,
        "vms": vms,
        "constraints": [{"kind": "offline", "id": "decommission-rA-rB", "hosts": [h["id"] for h in sources]},
                        {"kind": "powerBudget", "id": "budget-9kW", "watts": 9000}],
        "objective": "minMigrations",
        "timeLimit": 30,
        "network": {
            "switches": [{"id": s} for s in ("core", "rA", "rB", "rC")],
            "links": [{"id": f"uplink-{r}", "between": [r, "core"], "gbps": 10} for r in ("rA", "rB", "rC")],
            "hosts": [{"host": h["id"], "switch": h["attributes"]["rack"]} for h in hosts],
            "defaultNicGbps": 1,
            "efficiency": 0.94,
            "downtimeTargetMs": 300,
            "maxRounds": 30,
            "migrationTimeoutSeconds": 600,
        },
    }


write("ucc-decommission-calm.json", ucc_plan(hot=False))
write("ucc-decommission-hot.json", ucc_plan(hot=True))

# --- Operator workflows (issue 5) ------------------------------------------------------------------
# workflow-cluster: 10 hosts (16 cores, 64 GiB, no overbooking) in two racks and four blade centers,
# w9 and w10 off; 13 VMs spread thinly, with w1 a CPU hot spot (94 %). Drain, consolidate, balance,
# hot spots, evacuation and what-if all run on it.


def wf_host(i, state="online", features=("avx2",)):
    rack, bc = ("r1", "bc1") if i <= 3 else ("r1", "bc2") if i <= 5 else ("r2", "bc3") if i <= 8 else ("r2", "bc4")
    return {
        "id": f"w{i}",
        "capacity": {"cpu": 16, "memory": 65536},
        "state": state,
        "attributes": {"rack": rack, "bladeCenter": bc},
        "features": list(features),
        "power": {"idleWatts": 120, "peakWatts": 300, "bootSeconds": 90, "shutdownSeconds": 30},
    }


wf_hosts = [wf_host(i) for i in range(1, 8)] + [wf_host(8, features=("avx2", "gpu"))] + [
    wf_host(i, state="offline") for i in (9, 10)
]
wf_vms = [
    vm("web-1", 4, 8192, "w1", "web", ["web", "critical"]),
    vm("app-1", 6, 12288, "w1", "cpu", ["app"]),
    vm("batch-1", 5, 8192, "w1", "cpu", ["batch"]),
    vm("web-2", 4, 8192, "w2", "web", ["web", "critical"]),
    vm("db-1", 4, 24576, "w2", "diskIO", ["db", "critical"]),
    vm("cache-1", 2, 16384, "w3", "memoryDirtying", ["app"]),
    vm("batch-2", 2, 4096, "w3", "cpu", ["batch"]),
    vm("legacy-1", 1, 2048, "w4", "web", ["legacy"]),
    vm("db-2", 4, 24576, "w5", "diskIO", ["db", "critical"]),
    vm("web-3", 4, 8192, "w6", "web", ["web", "critical"]),
    vm("batch-3", 2, 4096, "w6", "cpu", ["batch"]),
    vm("app-2", 3, 8192, "w7", "cpu", ["app"]),
    vm("ml-1", 6, 16384, "w8", "cpu", ["ml"], ["gpu"]),
]
write(
    "workflow-cluster.json",
    {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": wf_hosts,
        "vms": wf_vms,
        "constraints": [
            {"kind": "spread", "id": "web-ha", "vms": ["web-1", "web-2", "web-3"]},
            {"kind": "spread", "id": "db-ha", "vms": ["db-1", "db-2"]},
            {"kind": "ban", "id": "batch-off-gpu", "vms": ["batch-1", "batch-2", "batch-3"], "hosts": ["w8"]},
        ],
        "objective": "minMigrations",
        "timeLimit": 20,
    },
)

# Hardware refresh: four old hosts (8 cores, 32 GiB) carry 10 VMs; four new ones (32 cores,
# 128 GiB) are off; svc-01 and svc-02 must run apart, so two new hosts are needed. `berth refresh --retire r-old --onto r-new` boots what it needs.
wf_old = [
    {"id": f"old-{i}", "capacity": {"cpu": 8, "memory": 32768}, "state": "online", "attributes": {"rack": "r-old"},
     "features": ["avx2"], "power": {"idleWatts": 150, "peakWatts": 280, "bootSeconds": 120, "shutdownSeconds": 40}}
    for i in range(1, 5)
]
wf_new = [
    {"id": f"new-{i}", "capacity": {"cpu": 32, "memory": 131072}, "state": "offline", "attributes": {"rack": "r-new"},
     "features": ["avx2", "avx512"], "power": {"idleWatts": 110, "peakWatts": 350, "bootSeconds": 90, "shutdownSeconds": 30}}
    for i in range(1, 5)
]
write(
    "workflow-refresh.json",
    {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": wf_old + wf_new,
        "vms": [vm(f"svc-{n:02d}", 2, 8192 if n % 3 else 12288, f"old-{(n - 1) % 4 + 1}", "web" if n % 2 else "cpu")
                for n in range(1, 11)],
        "constraints": [{"kind": "spread", "id": "svc-pair", "vms": ["svc-01", "svc-02"]}],
        "objective": "minMigrations",
        "timeLimit": 20,
    },
)

# Evacuation telemetry for workflow-cluster: w2 runs hot (88 °C), w5 logs corrected memory errors
# and a SMART warning; w3 is warm but under every threshold.
wf_telemetry = {
    "format": "berth-telemetry/1",
    "hosts": {
        "w2": {"temperatureC": 88, "correctedMemoryErrorsPerHour": 0, "smartWarnings": 0, "failedFans": 0},
        "w3": {"temperatureC": 71, "correctedMemoryErrorsPerHour": 2, "smartWarnings": 0, "failedFans": 0},
        "w5": {"temperatureC": 55, "correctedMemoryErrorsPerHour": 40, "smartWarnings": 1, "failedFans": 0},
    },
}
os.makedirs(os.path.join(HERE, "telemetry"), exist_ok=True)
with open(os.path.join(HERE, "telemetry", "workflow-cluster.json"), "w") as f:
    json.dump(wf_telemetry, f, indent=2)
    f.write("\n")

# Eight days of CPU samples every 4 hours for workflow-cluster's VMs: each runs at about half its
# nominal CPU with a daily peak at 80 %, except batch-1, idle until a burst in the oldest day (outside a 7-day window).
with open(os.path.join(HERE, "workflow-history.csv"), "w") as f:
    f.write("time,vm,resource,value\n")
    for step in range(48):
        t = step * 4 * 3600
        for v in wf_vms:
            nominal = v["demand"]["cpu"]
            if v["id"] == "batch-1":
                value = nominal if step < 6 else 0.5
            else:
                value = nominal * (0.8 if step % 6 == 3 else 0.5)
            f.write(f"{t},{v['id']},cpu,{value:g}\n")

# What-if on a small cluster whose minimal host count the MIP proves: three 16-core hosts run 8 VMs;
# `--add-vms app:6 --add-hosts big:2` asks how many more hosts of type `big` the growth needs.
write(
    "workflow-whatif.json",
    {
        "format": "berth/1",
        "resources": ["cpu", "memory"],
        "hosts": [
            {"id": f"s{i}", "capacity": {"cpu": 16, "memory": 65536}, "state": "online",
             "attributes": {"rack": "r1" if i <= 2 else "r2"}, "power": {"idleWatts": 120, "peakWatts": 300, "bootSeconds": 90, "shutdownSeconds": 30}}
            for i in range(1, 4)
        ] + [
            {"id": "big", "capacity": {"cpu": 32, "memory": 131072}, "state": "offline", "attributes": {"rack": "r2"},
             "power": {"idleWatts": 150, "peakWatts": 400, "bootSeconds": 90, "shutdownSeconds": 30}}
        ],
        "vms": [vm(f"app-{n}", 4, 16384, f"s{(n - 1) % 3 + 1}", "cpu", ["app"]) for n in range(1, 9)],
        "constraints": [],
        "objective": "minHosts",
        "timeLimit": 20,
    },
)
