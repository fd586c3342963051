#!/usr/bin/env bash
# Times the scheduling of 1,000 migrations on a 200-host two-tier topology (release build):
# 10 racks x 20 hosts, 1 Gb/s NICs, 10 Gb/s rack uplinks to a core switch, 5 VMs per host;
# the target moves every VM to the next rack. Then prints the seed-001 comparison table.
# Usage: bash Benchmarks/schedule.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product berth >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, sys, random
work = sys.argv[1]
random.seed(1)
racks, per_rack, per_host = 10, 20, 5
hosts, vms, target, attach = [], [], {}, []
for r in range(racks):
    for i in range(per_rack):
        hid = f"r{r}-h{i:02d}"
        hosts.append({"id": hid, "capacity": {"cpu": 32, "memory": 131072},
                      "power": {"idleWatts": 110, "peakWatts": 250, "bootSeconds": 120, "shutdownSeconds": 17}})
        attach.append({"host": hid, "switch": f"rack{r}"})
workloads = ["web", "memoryDirtying", "cpu", "diskIO", "networkReceive"]
for r in range(racks):
    for i in range(per_rack):
        for k in range(per_host):
            vid = f"vm-{r}-{i:02d}-{k}"
            vms.append({"id": vid, "demand": {"cpu": 2, "memory": 4096}, "host": f"r{r}-h{i:02d}",
                        "memoryMiB": random.choice([1024, 2048, 4096]), "dirtyRateMiBps": random.choice([1, 5, 10, 20]),
                        "workload": workloads[k]})
            target[vid] = f"r{(r + 1) % racks}-h{i:02d}"
network = {"switches": [{"id": "core"}] + [{"id": f"rack{r}"} for r in range(racks)],
           "links": [{"id": f"up{r}", "between": [f"rack{r}", "core"], "gbps": 10} for r in range(racks)],
           "hosts": attach}
model = {"format": "berth/1", "resources": ["cpu", "memory"], "hosts": hosts, "vms": vms, "network": network}
json.dump(model, open(f"{work}/model.json", "w"))
json.dump({"format": "berth-placement/1", "vms": target, "onlineHosts": [h["id"] for h in hosts]}, open(f"{work}/target.json", "w"))
PY
start=$(date +%s.%N)
set +e
.build/release/berth plan "$work/model.json" --target "$work/target.json" --json --time-limit 30 >"$work/out.json"
set -e
end=$(date +%s.%N)
python3 - "$work/out.json" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); wall = float(sys.argv[3]) - float(sys.argv[2])
s = r["scheduler"]; m = r["simulation"]
print(f"1000 migrations, 200 hosts, two tiers: scheduled in {s['seconds']:.2f} s ({s['source']}); "
      f"berth plan end to end (schedule + check + simulate) {wall:.2f} s")
print(f"plan completion {m['completionSeconds']:.0f} s, mean migration {m['meanMigrationSeconds']:.1f} s, "
      f"forced switch-overs {m['forcedSwitchovers']}, simulated-timeline violations {r['checked']['simulatedTimelineViolations']}")
PY
echo
echo "seed-001 and UCC scenarios (simulated): berth vs sequential vs all-parallel, worst-case hash, ±30 % work"
for model in Models/seed001-maintenance-plan.json Models/seed001-refresh-plan.json Models/seed001-maintenance-budget.json \
             Models/seed001-hotvms-plan.json Models/ucc-decommission-calm.json Models/ucc-decommission-hot.json; do
    echo "$model"
    .build/release/berth plan "$model" --compare | sed -n '/^plan  *completion/,$p'
done
