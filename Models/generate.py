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
