#!/usr/bin/env python3
"""Prints, as Markdown, the generation comparison from a run of configs/sweeps/generations.yaml:
per chip and point (workload, batch) the simulated time and energy; per chip the NTT throughput at
the CROSS benchmark sizes (limb NTTs per millisecond at the large batch), HE-Mult, HE-Rotate and
bootstrap latency (batch 1) and throughput (batch 16); the points that could not be built, with
the reason; and each chip's calibration state from its file's `calibration` section.

Python standard library only (no YAML module: the chip files are read as text).

Usage: /usr/bin/python3 scripts/generations_table.py [OUT_DIR]   (default: out/sweeps/generations)
"""
import csv
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Workloads in table order, with their label and, for NTTs, the limbs per polynomial.
WORKLOADS = [
    ("ntt_n12_l4", "NTT 2^12 x 4", 4),
    ("ntt_n13_l8", "NTT 2^13 x 8", 8),
    ("ntt_n14_l16", "NTT 2^14 x 16", 16),
    ("ntt_n16_l48", "NTT 2^16 x 48", 48),
    ("he_mult_cheddar", "HE-Mult", None),
    ("he_rotate_cheddar", "HE-Rotate", None),
    ("bootstrap_cheddar", "bootstrap", None),
]
GROUPS = ["mxu", "vpu", "vmem", "hbm", "dma", "xlu"]


def calibration(chip):
    """{group: state} from the chip file's calibration section."""
    path = os.path.join(ROOT, "configs", "chips", chip + ".yaml")
    if not os.path.exists(path):
        return {}
    text = open(path).read()
    if "\ncalibration:" not in text:
        return {}
    section = re.split(r"\n\S", text.split("\ncalibration:", 1)[1], maxsplit=1)[0]
    return dict(re.findall(r"\n  (\w+):\n    state: (\w+)", section))


def si(value):
    """A number with at least 3 significant digits, without exponent."""
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:#.3g}".rstrip(".")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "out", "sweeps", "generations")
    with open(os.path.join(out, "results.csv")) as f:
        rows = list(csv.DictReader(f))
    chips = list(dict.fromkeys(r["chip"] for r in rows))
    ok = {}
    failed = []
    for r in rows:
        key = (r["chip"], r["workload"], int(r["batch"]))
        if r["status"] == "ok":
            ok[key] = (float(r["time_us"]), float(r["energy_uj"]))
        else:
            failed.append((key, r["status"], r["message"]))
    batches = {w: sorted({b for (_, ww, b) in list(ok) + [k for k, _, _ in failed] if ww == w})
               for w, _, _ in WORKLOADS}
    head = "| | " + " | ".join(chips) + " |\n|---|" + "---|" * len(chips)

    print("Time in us / energy in mJ per point (- : not built, see below):\n")
    print(head)
    for w, label, _ in WORKLOADS:
        for b in batches[w]:
            cells = []
            for c in chips:
                t = ok.get((c, w, b))
                cells.append(f"{si(t[0])} / {si(t[1] / 1000)}" if t else "-")
            print(f"| {label}, batch {b} | " + " | ".join(cells) + " |")

    print("\nThroughput at the largest batch: limb NTTs per ms (NTT), ciphertexts per s (CKKS "
          "kernels); energy per limb NTT in uJ, per ciphertext in mJ:\n")
    print(head)
    for w, label, limbs in WORKLOADS:
        if not batches[w]:
            continue
        b = batches[w][-1]
        cells = []
        for c in chips:
            t = ok.get((c, w, b))
            if not t:
                cells.append("-")
                continue
            items = b * (limbs or 1)
            rate = items / (t[0] / 1000) if limbs else items / (t[0] * 1e-6)
            energy = si(t[1] / items) + " uJ" if limbs else si(t[1] / items / 1000) + " mJ"
            cells.append(f"{si(rate)}{'/ms' if limbs else '/s'}, {energy}")
        print(f"| {label}, batch {b} | " + " | ".join(cells) + " |")

    if failed:
        print("\nNot built:\n")
        for (c, w, b), status, message in failed:
            print(f"- {c}, {w}, batch {b}: {message or status}")

    print("\nCalibration state of each chip's timing groups (configs/chips/*.yaml `calibration`, "
          "docs/chips.md):\n")
    print(head)
    states = {c: calibration(c) for c in chips}
    for group in GROUPS:
        print(f"| {group} | " + " | ".join(states[c].get(group, "assumed") for c in chips) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
