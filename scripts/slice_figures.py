#!/usr/bin/env python3
"""Prints, as Markdown, the scaling table of a finished slice sweep (configs/sweeps/
slice_scaling.yaml): per workload and shard, each chip count's time, speed-up over one chip, ICI
bytes and link utilization, and the unit holding the critical path; with --svg FILE it also draws
the speed-up against chips (one line per workload and shard, the ideal as a dashed line).
Reads SWEEP_DIR/results.csv only. Standard library only.

Usage: scripts/slice_figures.py SWEEP_DIR [--svg FILE]
"""
import csv
import os
import sys

COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#76b7b2", "#edc948"]


def load(folder):
    with open(os.path.join(folder, "results.csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["status"] == "ok"]
    series = {}
    for r in rows:
        key = (r["workload"], r["mapping.shard"], r.get("batch", ""))
        chips = int(float(r["chips"]))
        series.setdefault(key, {})[chips] = r
    return series


def table(series):
    out = ["| workload | shard | chips | time (us) | speed-up | ICI bytes | ICI busy | bottleneck |",
           "|---|---|---|---|---|---|---|---|"]
    for (workload, shard, batch), points in series.items():
        base = float(points[min(points)]["time_us"])
        for chips in sorted(points):
            r = points[chips]
            t = float(r["time_us"])
            out.append(
                f"| {workload} (batch {batch}) | {shard} | {chips} | {t:.0f} | {base / t:.2f} | "
                f"{float(r['ici_bytes']) / 1e6:.1f} MB | {100 * float(r['util_ici']):.1f} % | "
                f"{r['bottleneck']} {100 * float(r['bottleneck_share']):.0f} % |")
    return "\n".join(out)


def svg(series, path):
    width, height, left, right, top, bottom = 640, 400, 60, 230, 20, 50
    max_chips = max(max(p) for p in series.values())
    max_speed = max(max_chips, 1)
    x = lambda c: left + (width - left - right) * (c - 1) / max(max_chips - 1, 1)
    y = lambda s: top + (height - top - bottom) * (1 - s / max_speed)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    for c in sorted({c for p in series.values() for c in p}):
        parts.append(f'<line x1="{x(c):.1f}" y1="{top}" x2="{x(c):.1f}" y2="{height - bottom}" '
                     f'stroke="#ddd"/><text x="{x(c):.1f}" y="{height - bottom + 16}" '
                     f'text-anchor="middle">{c}</text>')
    step = 2 if max_speed > 8 else 1
    for s in range(0, int(max_speed) + 1, step):
        parts.append(f'<line x1="{left}" y1="{y(s):.1f}" x2="{width - right}" y2="{y(s):.1f}" '
                     f'stroke="#eee"/><text x="{left - 6}" y="{y(s) + 4:.1f}" '
                     f'text-anchor="end">{s}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" '
                 f'text-anchor="middle">chips</text>')
    parts.append(f'<text x="16" y="{(top + height - bottom) / 2}" text-anchor="middle" '
                 f'transform="rotate(-90 16 {(top + height - bottom) / 2})">speed-up over one '
                 f'chip</text>')
    parts.append(f'<line x1="{x(1):.1f}" y1="{y(1):.1f}" x2="{x(max_chips):.1f}" '
                 f'y2="{y(max_chips):.1f}" stroke="#999" stroke-dasharray="4 4"/>')
    for i, ((workload, shard, batch), points) in enumerate(series.items()):
        color = COLORS[i % len(COLORS)]
        base = float(points[min(points)]["time_us"])
        coords = [(x(c), y(base / float(points[c]["time_us"]))) for c in sorted(points)]
        parts.append('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>'.format(
            color, " ".join(f"{a:.1f},{b:.1f}" for a, b in coords)))
        for a, b in coords:
            parts.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{color}"/>')
        ly = top + 10 + 20 * i
        parts.append(f'<line x1="{width - right + 10}" y1="{ly}" x2="{width - right + 30}" '
                     f'y2="{ly}" stroke="{color}" stroke-width="2"/><text x="{width - right + 36}" '
                     f'y="{ly + 4}">{workload} b{batch}, {shard}</text>')
    ly = top + 10 + 20 * len(series)
    parts.append(f'<line x1="{width - right + 10}" y1="{ly}" x2="{width - right + 30}" y2="{ly}" '
                 f'stroke="#999" stroke-dasharray="4 4"/><text x="{width - right + 36}" '
                 f'y="{ly + 4}">ideal</text>')
    parts.append("</svg>\n")
    with open(path, "w") as f:
        f.write("\n".join(parts))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    series = load(argv[1])
    if not series:
        print(f"{argv[1]}: no finished point", file=sys.stderr)
        return 1
    print(table(series))
    if len(argv) >= 4 and argv[2] == "--svg":
        svg(series, argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
