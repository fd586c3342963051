"""Load run for `berth serve`: N small solves submitted by C concurrent clients.

Each client submits a job, polls it until it has ended and fetches its result; the latency is
submit -> result. Reports how many were answered, lost (no result) or refused, and p50/p90/p99.
Usage: load.py PORT [--jobs 200] [--clients 8] [--model Models/demo-8hosts.json]
"""
import argparse, json, statistics, threading, time, urllib.error, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("--jobs", type=int, default=200)
parser.add_argument("--clients", type=int, default=8)
parser.add_argument("--model", default="Models/demo-8hosts.json")
parser.add_argument("--command", default="solve")
args = parser.parse_args()
base = f"http://127.0.0.1:{args.port}"
model = json.load(open(args.model))


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


latencies, statuses, lock = [], {}, threading.Lock()
counter = iter(range(args.jobs))
lost = refused = 0


def client():
    global lost, refused
    while True:
        with lock:
            k = next(counter, None)
        if k is None:
            return
        start = time.monotonic()
        status, body = call("POST", "/v1/jobs", {"command": args.command, "model": model, "timeLimitSeconds": 10})
        while status == 429:  # queue full: back off as the Retry-After says
            time.sleep(0.2)
            status, body = call("POST", "/v1/jobs", {"command": args.command, "model": model, "timeLimitSeconds": 10})
        if status != 202:
            with lock:
                refused += 1
            continue
        job = json.loads(body)["id"]
        while True:
            status, body = call("GET", f"/v1/jobs/{job}")
            if json.loads(body)["state"] not in ("queued", "running"):
                break
            time.sleep(0.01)
        status, body = call("GET", f"/v1/jobs/{job}/result")
        elapsed = time.monotonic() - start
        with lock:
            if status == 200:
                latencies.append(elapsed)
                result = json.loads(body)
                statuses[result["status"]] = statuses.get(result["status"], 0) + 1
            else:
                lost += 1


wall = time.monotonic()
threads = [threading.Thread(target=client) for _ in range(args.clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.monotonic() - wall
latencies.sort()
q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")
print(f"| {args.jobs} {args.command} jobs, {args.clients} clients | {len(latencies)} answered, {lost} lost, {refused} refused "
      f"| {statuses} | {q(0.5):.0f} | {q(0.9):.0f} | {q(0.99):.0f} | {len(latencies) / wall:.1f} jobs/s |")
