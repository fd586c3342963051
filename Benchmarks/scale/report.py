#!/usr/bin/env python3
"""Table and log-log plot of Benchmarks/scale.sh's results (JSON lines, one per run).

    report.py RESULTS.jsonl PLOT.svg
"""
import json
import math
import sys


def slope(points):
    """Least-squares slope of log(y) against log(x): the growth exponent."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


def series(rows):
    """(family, partitioned) → [(servers, row)] over the generated instances, 2 cores."""
    out = {}
    for r in rows:
        family, _, size = r["instance"].partition("-")
        if family in ("li", "nr") and size.isdigit() and r["cores"] == 2:
            out.setdefault((family, r["partitioned"]), []).append((int(size), r))
    return {k: sorted(v, key=lambda p: p[0]) for k, v in out.items()}


def table(rows):
    print("| instance | servers | VMs | partitions of 2,500 | status | migrations | boots | violations | solve s | command s | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (family, partitioned), points in sorted(series(rows).items()):
        for servers, r in points:
            print(f"| {family} | {servers:,} | {servers * 6:,} | {'yes' if partitioned else 'no'} | {r['status']} | "
                  f"{r['migrations']:,} | {r['boots']:,} | {r['violations']} | {r['solve']:.2f} | {r['wall']:.2f} | {r['rssMiB']:,.0f} |")
    print()
    print("| growth 5k → 50k (log-log slope) | command time | solve time | peak RSS |")
    print("|---|---|---|---|")
    for (family, partitioned), points in sorted(series(rows).items()):
        if len(points) < 2:
            continue
        label = f"{family}, {'partitioned' if partitioned else 'whole'}"
        print(f"| {label} | {slope([(s, r['wall']) for s, r in points]):.2f} | {slope([(s, r['solve']) for s, r in points]):.2f} | "
              f"{slope([(s, r['rssMiB']) for s, r in points]):.2f} |")
    for name in ("li6", "li6-whole"):
        runs = {r["cores"]: r for r in rows if r["instance"] == name}
        if 1 in runs and 2 in runs:
            one, two = runs[1], runs[2]
            print(f"\n{name} ({'2,500-host partitions' if one['partitioned'] else 'whole'}): solve {one['solve']:.2f} s on 1 core, "
                  f"{two['solve']:.2f} s on 2 (speed-up {one['solve'] / two['solve']:.2f}×); command {one['wall']:.2f} s → "
                  f"{two['wall']:.2f} s ({one['wall'] / two['wall']:.2f}×); migrations {one['migrations']} and {two['migrations']}")


def plot(rows, path):
    data = series(rows)
    width, height, margin = 900, 420, 60
    panels = [("command time (s)", "wall"), ("peak RSS (MiB)", "rssMiB")]
    colours = {("li", False): "#1f77b4", ("li", True): "#1f77b4", ("nr", False): "#d62728", ("nr", True): "#d62728"}
    svg = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-family='sans-serif' font-size='12'>",
           f"<rect width='{width}' height='{height}' fill='white'/>"]
    xs = [s for points in data.values() for s, _ in points]
    if not xs:
        raise SystemExit("report.py: no generated-instance rows to plot")
    x0, x1 = math.log10(min(xs)), math.log10(max(xs))
    if x1 - x0 < 1e-9:
        x1 = x0 + 1
    panel_w = (width - 3 * margin) / 2
    for k, (title, key) in enumerate(panels):
        left = margin + k * (panel_w + margin)
        top, bottom = 30, height - 90
        values = [r[key] for points in data.values() for _, r in points if r[key]]
        y0, y1 = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
        if y1 == y0:
            y1 += 1
        fx = lambda s: left + (math.log10(s) - x0) / (x1 - x0) * panel_w
        fy = lambda v: bottom - (math.log10(v) - y0) / (y1 - y0) * (bottom - top)
        svg.append(f"<text x='{left + panel_w / 2}' y='18' text-anchor='middle' font-weight='bold'>{title} against servers (log-log)</text>")
        svg.append(f"<rect x='{left}' y='{top}' width='{panel_w}' height='{bottom - top}' fill='none' stroke='#999'/>")
        for e in range(y0, y1 + 1):
            y = fy(10 ** e)
            svg.append(f"<line x1='{left}' x2='{left + panel_w}' y1='{y}' y2='{y}' stroke='#eee'/>")
            svg.append(f"<text x='{left - 6}' y='{y + 4}' text-anchor='end'>{10 ** e:g}</text>")
        for s in sorted(set(xs)):
            svg.append(f"<text x='{fx(s)}' y='{bottom + 16}' text-anchor='middle'>{s // 1000}k</text>")
        svg.append(f"<text x='{left + panel_w / 2}' y='{bottom + 34}' text-anchor='middle'>servers (VMs = 6 × servers)</text>")
        # Linear growth from the smallest li point, for reference.
        ref = data.get(("li", True)) or next(iter(data.values()))
        s0, r0 = ref[0]
        if r0[key]:
            end = max(xs)
            svg.append(f"<line x1='{fx(s0)}' y1='{fy(r0[key])}' x2='{fx(end)}' y2='{fy(r0[key] * end / s0)}' stroke='#888' stroke-dasharray='2,4'/>")
        for (family, partitioned), points in sorted(data.items()):
            pts = [(fx(s), fy(r[key])) for s, r in points if r[key]]
            dash = "" if partitioned else " stroke-dasharray='6,3'"
            svg.append(f"<polyline points='{' '.join(f'{x:.1f},{y:.1f}' for x, y in pts)}' fill='none' stroke='{colours[(family, partitioned)]}' stroke-width='2'{dash}/>")
            for x, y in pts:
                svg.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='{colours[(family, partitioned)]}'/>")
    legend = [("li (load increase), 2,500-host partitions", "#1f77b4", ""), ("li, whole", "#1f77b4", "6,3"),
              ("nr (new requests), 2,500-host partitions", "#d62728", ""), ("nr, whole", "#d62728", "6,3"), ("linear growth", "#888", "2,4")]
    for i, (label, colour, dash) in enumerate(legend):
        x, y = margin + (i % 3) * 280, height - 30 + (i // 3) * 18
        svg.append(f"<line x1='{x}' x2='{x + 24}' y1='{y - 4}' y2='{y - 4}' stroke='{colour}' stroke-width='2' stroke-dasharray='{dash}'/>")
        svg.append(f"<text x='{x + 28}' y='{y}' font-size='11'>{label}</text>")
    svg.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    table(rows)
    plot(rows, sys.argv[2])


if __name__ == "__main__":
    main()
