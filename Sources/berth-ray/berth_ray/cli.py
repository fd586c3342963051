"""`berth-ray sweep SWEEP.json --output ROWS.jsonl [--csv ROWS.csv]` and `berth-ray fleet FLEET.json --output RESULTS.jsonl`."""

import argparse
import shutil
import sys

import ray

from .driver import run_fleet, run_sweep


def main(argv=None):
    parser = argparse.ArgumentParser(prog="berth-ray", description=__doc__)
    parser.add_argument("--address", default=None,
                        help="Ray cluster to join (e.g. auto, or ray://head:10001); default: start a local one")
    parser.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local Ray instance (default: all)")
    parser.add_argument("--berth", default=None, help="the berth binary on every node (default: berth on PATH)")
    parser.add_argument("--straggler-factor", type=float, default=3.0, help="report tasks running this many times the median")
    sub = parser.add_subparsers(dest="mode", required=True)
    sweep = sub.add_parser("sweep", help="answer a berth-sweep/1 file's scenarios as Ray tasks")
    sweep.add_argument("sweep")
    sweep.add_argument("--output", required=True)
    sweep.add_argument("--csv")
    fleet = sub.add_parser("fleet", help="run one command on every cluster of a berth-fleet/1 file")
    fleet.add_argument("fleet")
    fleet.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    berth = args.berth or shutil.which("berth")
    if not berth:
        parser.error("no berth binary: put it on PATH or pass --berth")
    ray.init(address=args.address, num_cpus=args.num_cpus, include_dashboard=False, log_to_driver=False)
    try:
        if args.mode == "sweep":
            rows = run_sweep(args.sweep, args.output, args.csv, berth=berth, straggler_factor=args.straggler_factor)
            misfits = sum(1 for row in rows if not row["fits"])
            print(f"berth-ray: {len(rows)} scenarios, {misfits} do not fit; rows in {args.output}", file=sys.stderr)
            return 4 if any(row["status"] == "error" for row in rows) else 0
        rows = run_fleet(args.fleet, args.output, berth=berth, straggler_factor=args.straggler_factor)
        print(f"berth-ray: {len(rows)} clusters; results in {args.output}", file=sys.stderr)
        return max((row["exit"] for row in rows if row["exit"] in (2, 3, 4, 5)), default=0)
    finally:
        ray.shutdown()


if __name__ == "__main__":
    sys.exit(main())
