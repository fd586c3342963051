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
# migration takes 12.2 s at 0.94 x 1 Gb/s as in the paper's sequential runs); dirty rates are the
# light profile that let every parallel migration of Table 1 converge (1.5 / 3 MiB/s for 100 / 200 req/s).


def planning_blade(bc, i, state, cores=8):
    h = blade(bc, i, state, cores)
    h["power"] = {"idleWatts": 100, "peakWatts": 200, "bootSeconds": 115, "shutdownSeconds": 30}
    return h


def planning_vm(n, host):
    v = testbed_vm(n, host)
    v["memoryMiB"] = 1364
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
            [{"id": "interlink", "between": ["bc1", "bc2"], "gbps": 3, "members": 3}],
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
            [{"id": "interlink", "between": ["old", "new"], "gbps": 3, "members": 3}],
        ),
    },
)
