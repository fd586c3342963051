"""Sweeps and fleets as Ray tasks.

Every task runs the `berth` binary on the node it lands on, with its inputs shipped as text (no
shared file system needed): a sweep scenario runs `berth sweep SWEEP --worker` with the scenario's
index on standard input, so a row is computed exactly as `berth sweep --jobs N` computes it; a
fleet cluster runs `berth COMMAND MODEL --json` and keeps its berth-result/1 document.

Rows are appended to OUTPUT.partial as they arrive; `berth sweep --output OUTPUT` then writes the
final JSON lines and CSV (resuming from that partial file, it solves nothing). An interrupted run
resumes the same way.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import ray


class TaskFailed(Exception):
    """A task whose berth process gave no answer (raised so that Ray retries it)."""


def _write_inputs(directory, sweep_text, model_text):
    model_path = os.path.join(directory, "model.json")
    with open(model_path, "w") as f:
        f.write(model_text)
    sweep = json.loads(sweep_text)
    sweep["model"] = "model.json"
    sweep_path = os.path.join(directory, "sweep.json")
    with open(sweep_path, "w") as f:
        json.dump(sweep, f)
    return sweep_path


@ray.remote(max_retries=2, retry_exceptions=[TaskFailed])
def answer_scenario(berth, sweep_text, model_text, index):
    """One scenario's row (a dict), computed by `berth sweep --worker` on this node."""
    with tempfile.TemporaryDirectory(prefix="berth-ray-") as directory:
        sweep_path = _write_inputs(directory, sweep_text, model_text)
        started = time.monotonic()
        run = subprocess.run([berth, "sweep", sweep_path, "--worker", "--quiet"], input=f"{index}\n",
                             capture_output=True, text=True, timeout=24 * 3600)
        line = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
        if run.returncode != 0 or not line:
            raise TaskFailed(f"scenario {index}: berth exited {run.returncode}: {run.stderr.strip()[-500:]}")
        row = json.loads(line)
        row["_node"] = ray.get_runtime_context().get_node_id()
        row["_wall"] = time.monotonic() - started
        return row


@ray.remote(max_retries=2, retry_exceptions=[TaskFailed])
def solve_cluster(berth, command, arguments, name, model_text):
    """One cluster's berth-result/1 document from `berth COMMAND MODEL --json ARGS`."""
    with tempfile.TemporaryDirectory(prefix="berth-ray-") as directory:
        model_path = os.path.join(directory, os.path.basename(name))
        with open(model_path, "w") as f:
            f.write(model_text)
        started = time.monotonic()
        run = subprocess.run([berth, command, model_path, "--json", "--quiet", *arguments] if command not in ("solve", "plan")
                             else [berth, command, model_path, "--json", *arguments],
                             capture_output=True, text=True, timeout=24 * 3600)
        if run.returncode == 4 or not run.stdout.strip():
            raise TaskFailed(f"{name}: berth exited {run.returncode}: {run.stderr.strip()[-500:]}")
        result = json.loads(run.stdout)
        return {"cluster": name, "exit": run.returncode, "status": result.get("status"), "summary": result.get("summary"),
                "seconds": time.monotonic() - started, "result": result}


def _collect(pending, describe, on_row, straggler_factor, log):
    """Waits for tasks, passing each answer on; reports tasks running far past the median."""
    started = {ref: time.monotonic() for ref in pending}
    durations, reported = [], set()
    while pending:
        done, pending = ray.wait(pending, num_returns=1, timeout=2.0)
        for ref in done:
            on_row(ray.get(ref))
            durations.append(time.monotonic() - started.pop(ref))
        if len(durations) >= 5:
            median = statistics.median(durations)
            for ref in pending:
                age = time.monotonic() - started[ref]
                if age > straggler_factor * max(median, 0.5) and ref not in reported:
                    reported.add(ref)
                    log(f"berth-ray: straggler: {describe(ref)} has run {age:.1f} s (median {median:.1f} s)")


def run_sweep(sweep_path, output, csv=None, berth="berth", straggler_factor=3.0, log=lambda line: print(line, file=sys.stderr)):
    """Answers every scenario of a berth-sweep/1 file as Ray tasks; returns the rows (sorted)."""
    with open(sweep_path) as f:
        sweep_text = f.read()
    sweep = json.loads(sweep_text)
    model_path = sweep.get("model", "")
    if not os.path.isabs(model_path):
        model_path = os.path.join(os.path.dirname(os.path.abspath(sweep_path)), model_path)
    with open(model_path) as f:
        model_text = f.read()
    # The scenario list, as berth expands it (names and indices), from berth itself: nothing to answer yet.
    listing = subprocess.run([berth, "sweep", sweep_path, "--list"], capture_output=True, text=True)
    if listing.returncode != 0:
        raise SystemExit(listing.stderr.strip() or f"berth sweep --list exited {listing.returncode}")
    scenarios = [json.loads(line) for line in listing.stdout.splitlines() if line.strip()]
    done = set()
    for path in (output, output + ".partial"):
        if os.path.exists(path):
            with open(path) as f:
                for line in f:
                    try:
                        done.add(json.loads(line)["scenario"])
                    except (ValueError, KeyError):
                        pass
    todo = [s for s in scenarios if s["scenario"] not in done]
    if done:
        log(f"berth-ray: {len(scenarios) - len(todo)} of {len(scenarios)} scenarios answered already (resuming)")
    sweep_ref, model_ref = ray.put(sweep_text), ray.put(model_text)
    refs = {answer_scenario.remote(berth, sweep_ref, model_ref, s["index"]): s for s in todo}
    nodes = set()
    with open(output + ".partial", "a") as partial:
        def on_row(row):
            nodes.add(row.pop("_node", None))
            row.pop("_wall", None)
            partial.write(json.dumps(row, sort_keys=True) + "\n")
            partial.flush()
            os.fsync(partial.fileno())
        _collect(list(refs), lambda ref: refs[ref]["scenario"], on_row, straggler_factor, log)
    log(f"berth-ray: {len(todo)} scenarios answered on {len(nodes)} node(s)")
    finish = [berth, "sweep", sweep_path, "--output", output, "--quiet"] + (["--csv", csv] if csv else [])
    final = subprocess.run(finish, capture_output=True, text=True)
    if final.returncode != 0:
        raise SystemExit(final.stderr.strip() or f"berth sweep exited {final.returncode}")
    with open(output) as f:
        return [json.loads(line) for line in f if line.strip()]


def run_fleet(fleet_path, output, berth="berth", straggler_factor=3.0, log=lambda line: print(line, file=sys.stderr)):
    """Runs one berth command on every cluster of a berth-fleet/1 file; writes one JSON line per cluster."""
    with open(fleet_path) as f:
        fleet = json.load(f)
    if fleet.get("format") != "berth-fleet/1":
        raise SystemExit(f"{fleet_path}: format must be berth-fleet/1")
    command, arguments = fleet.get("command", "solve"), [str(a) for a in fleet.get("arguments", [])]
    base = os.path.dirname(os.path.abspath(fleet_path))
    refs = {}
    for name in fleet.get("clusters", []):
        path = name if os.path.isabs(name) else os.path.join(base, name)
        with open(path) as f:
            refs[solve_cluster.remote(berth, command, arguments, name, f.read())] = name
    rows = []
    _collect(list(refs), lambda ref: refs[ref], rows.append, straggler_factor, log)
    rows.sort(key=lambda row: row["cluster"])
    temporary = output + ".tmp"
    with open(temporary, "w") as f:
        for row in rows:
            f.write(json.dumps(row, sort_keys=True) + "\n")
    os.replace(temporary, output)
    return rows
