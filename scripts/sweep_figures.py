#!/usr/bin/env python3
"""Prints, as Markdown, the figures the README quotes from a finished sweep: one row per point
(its swept values, status, time, bottleneck and the units' utilization, or why it cannot be
built), sorted by time, and per swept key the fastest point at each of its values. Reads
SWEEP_DIR/results.csv only (hesa sweep writes it; scripts/shipped-sweeps.sh makes the shipped
ones under out/sweeps/). Standard library only.

Usage: scripts/sweep_figures.py SWEEP_DIR [SWEEP_DIR ...]
"""
import csv
import os
import sys

# Columns that describe a point's result rather than its inputs (results.csv, docs/sweeps.md).
RESULT_PREFIXES = ("time_us", "energy_uj", "area_mm2", "edp_", "cycles", "util_", "bottleneck",
                   "limb_", "int8_macs", "vpu_ops", "hbm_bytes", "cat_", "kernel_",
                   "schema_version", "message", "wall_s")
FIXED = ("index", "status")


def swept_columns(header):
    return [c for c in header if c not in FIXED and not c.startswith(RESULT_PREFIXES)]


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def short(value):
    v = number(value)
    if v is None:
        return value
    return f"{v:.0f}" if abs(v) >= 100 else f"{v:.3g}"


def figures(folder):
    path = os.path.join(folder, "results.csv")
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        header = reader.fieldnames or []
    keys = [k for k in swept_columns(header) if len({r[k] for r in rows}) > 1]
    ok = [r for r in rows if r["status"] == "ok" and number(r["time_us"]) is not None]
    other = [r for r in rows if r not in ok]
    out = [f"## {os.path.basename(os.path.normpath(folder))}", "",
           f"{len(rows)} points: {len(ok)} ok, {len(other)} not run or not built "
           f"(swept: {', '.join(keys) or 'nothing'}).", ""]
    units = [c for c in header if c.startswith("util_")]
    out.append("| " + " | ".join(keys + ["time us", "bottleneck"] + [u[5:] for u in units]) + " |")
    out.append("|" + "---|" * (len(keys) + 2 + len(units)))
    for r in sorted(ok, key=lambda r: number(r["time_us"])):
        share = number(r.get("bottleneck_share", ""))
        neck = r.get("bottleneck", "") + (f" {100 * share:.0f} %" if share is not None else "")
        utils = [f"{100 * number(r[u]):.0f} %" if number(r[u]) is not None else "" for u in units]
        out.append("| " + " | ".join([r[k] for k in keys] + [short(r["time_us"]), neck] + utils)
                   + " |")
    for r in other:
        out.append("| " + " | ".join([r[k] for k in keys]) + f" | {r['status']}: "
                   + r.get("message", "").replace("|", "/") + " |")
    for k in keys:
        best = {}
        for r in ok:
            if r[k] not in best or number(r["time_us"]) < number(best[r[k]]["time_us"]):
                best[r[k]] = r
        out += ["", f"Fastest point per value of `{k}`:", ""]
        for value, r in best.items():
            rest = ", ".join(f"{o}={r[o]}" for o in keys if o != k)
            out.append(f"- {value}: {short(r['time_us'])} us ({r.get('bottleneck', '')}-bound"
                       + (f"; {rest}" if rest else "") + ")")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    try:
        print("\n".join(figures(folder) for folder in sys.argv[1:]), end="")
    except (OSError, KeyError, csv.Error) as e:
        sys.exit(f"sweep_figures.py: {e}")


if __name__ == "__main__":
    main()
