"""berth-ray on a single-node Ray: the same rows as `berth sweep --jobs 2`, a fleet, and a retried task.

Run from the repository root: BERTH_BIN=.build/debug/berth python -m unittest discover -s Sources/berth-ray/tests
"""

import json
import os
import stat
import subprocess
import tempfile
import unittest

import ray

from berth_ray import run_fleet, run_sweep

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BERTH = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, ".build", "debug", "berth")))


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def stable(row):
    return {k: v for k, v in row.items() if k != "seconds"}


class DriverTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)

    @classmethod
    def tearDownClass(cls):
        ray.shutdown()

    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)

    def path(self, name):
        return os.path.join(self.directory.name, name)

    def test_sweep_rows_match_berth_sweep_jobs_2(self):
        sweep = os.path.join(ROOT, "Models", "capacity-sweep.json")
        ray_rows = run_sweep(sweep, self.path("ray.jsonl"), self.path("ray.csv"), berth=BERTH, log=lambda _: None)
        local = subprocess.run([BERTH, "sweep", sweep, "--jobs", "2", "--output", self.path("local.jsonl"), "--quiet"])
        self.assertEqual(local.returncode, 0)
        local_rows = rows(self.path("local.jsonl"))
        self.assertGreaterEqual(len(ray_rows), 20)
        self.assertEqual([stable(r) for r in ray_rows], [stable(r) for r in local_rows])
        with open(self.path("ray.csv")) as f:
            self.assertEqual(len(f.read().splitlines()), len(ray_rows) + 1)
        self.assertFalse(os.path.exists(self.path("ray.jsonl") + ".partial"))

    def test_a_failed_task_is_retried(self):
        # A berth that fails its first worker call (exit 4, no row), then behaves.
        marker, wrapper = self.path("failed-once"), self.path("flaky-berth")
        with open(wrapper, "w") as f:
            f.write(f"#!/bin/sh\ncase \" $* \" in *' --worker '*) if [ ! -e {marker} ]; then touch {marker}; exit 4; fi ;; esac\n"
                    f"exec {BERTH} \"$@\"\n")
        os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IEXEC)
        sweep = self.path("small.json")
        with open(sweep, "w") as f:
            json.dump({"format": "berth-sweep/1", "model": os.path.join(ROOT, "Models", "workflow-whatif.json"),
                       "timeLimitSeconds": 5, "product": {"grow": [1, 1.5, 2]}}, f)
        answered = run_sweep(sweep, self.path("flaky.jsonl"), berth=wrapper, log=lambda _: None)
        self.assertTrue(os.path.exists(marker))
        self.assertEqual(len(answered), 3)
        self.assertTrue(all(row["status"] != "error" for row in answered))

    def test_a_fleet_answers_every_cluster_as_berth_does(self):
        fleet = self.path("fleet.json")
        clusters = [os.path.join(ROOT, "Models", name) for name in ("demo-8hosts.json", "workflow-cluster.json", "impossible-spread.json")]
        with open(fleet, "w") as f:
            json.dump({"format": "berth-fleet/1", "command": "solve", "arguments": ["--time-limit", "10"], "clusters": clusters}, f)
        results = run_fleet(fleet, self.path("fleet.jsonl"), berth=BERTH, log=lambda _: None)
        self.assertEqual(len(results), 3)
        for row in results:
            direct = subprocess.run([BERTH, "solve", row["cluster"], "--json", "--time-limit", "10"], capture_output=True, text=True)
            self.assertEqual(row["exit"], direct.returncode)
            self.assertEqual(row["result"]["schema"], "berth-result/1")
            self.assertEqual(row["status"], json.loads(direct.stdout)["status"])
        self.assertEqual({r["status"] for r in results}, {"optimal", "infeasible"})


if __name__ == "__main__":
    unittest.main()
