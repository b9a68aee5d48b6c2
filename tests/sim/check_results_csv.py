#!/usr/bin/python3
"""results.csv loads as data with no cleanup: runs a small sweep and reads its results.csv with
Python's csv module, checking every column's type the way pandas would infer it (one header, the
same number of fields on every line, numbers in plain decimal, empty fields for missing values).
The checker is first run on broken files to show it can fail.

Usage: check_results_csv.py HESA_BINARY (from the source root)."""
import csv
import io
import os
import subprocess
import sys
import tempfile

STATUSES = {"ok", "unbuildable", "failed", "filtered", "missing"}
UNITS = {"mxu", "vpu", "xlu", "dma", "hbm"}
INTEGER = {"index", "cycles", "limb_ntts", "limb_intts", "int8_macs", "hbm_bytes",
           "schema_version"}
TEXT = {"status", "bottleneck", "message"}


def number(text):
    """A plain decimal number or None (float() also takes 'nan' and 'inf': refused)."""
    if text.strip() != text or text.lower() in {"nan", "inf", "-inf", "infinity"}:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def problems(text, axes):
    """What stops `text` loading cleanly; `axes` are the sweep's axis columns (any text)."""
    out = []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return ["empty file"]
    header = rows[0]
    if len(set(header)) != len(header):
        out.append("duplicate column names")
    for name in ("index", "status", "time_us", "bottleneck", "schema_version", "message"):
        if name not in header:
            out.append(f"no column {name}")
    if out:
        return out
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            out.append(f"line {line}: {len(row)} fields, the header has {len(header)}")
            continue
        rec = dict(zip(header, row))
        if rec["index"] != str(line - 2):
            out.append(f"line {line}: index {rec['index']!r}, expected {line - 2}")
        if rec["status"] not in STATUSES:
            out.append(f"line {line}: status {rec['status']!r}")
        ok = rec["status"] == "ok"
        for col, value in rec.items():
            if col in axes or col == "message" or col == "wall_s" and value == "":
                continue
            if col == "status":
                continue
            if col == "bottleneck":
                if value not in (UNITS if ok else {""}):
                    out.append(f"line {line}: bottleneck {value!r}")
                continue
            if value == "":
                if ok and col not in {"area_mm2"} and not col.startswith("kernel_"):
                    out.append(f"line {line}: {col} empty on an ok point")
                continue
            v = number(value)
            if v is None:
                out.append(f"line {line}: {col} = {value!r} is not a number")
            elif col in INTEGER and v != int(v):
                out.append(f"line {line}: {col} = {value!r} is not an integer")
            elif (col.startswith("util_") or col.endswith("_share")) and not 0 <= v <= 1:
                out.append(f"line {line}: {col} = {value!r} is not in [0, 1]")
            elif not value.lstrip("-").isdigit() and v != float(f"{v:.12g}"):
                # More than 12 significant digits: the noise of float arithmetic.
                out.append(f"line {line}: {col} = {value!r} carries float noise")
    return out


def main():
    hesa = sys.argv[1]
    # The checker can fail: a short line, a unit in a number, float noise, a bad status.
    good = "index,status,time_us,bottleneck,schema_version,message\n0,ok,1.5,vpu,2,\n"
    assert not problems(good, set()), problems(good, set())
    for bad in (good + "1,ok,2\n", good.replace("1.5", "1.5 us"),
                good.replace("1.5", "4157527.9999999246"), good.replace(",ok,", ",done,"),
                good.replace("vpu", "gpu")):
        assert problems(bad, set()), f"not caught: {bad!r}"

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "sweep")
        run = subprocess.run([hesa, "sweep", "tests/data/sweeps/tiny.yaml", "--out", out, "-j", "2",
                              "--quiet"], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 1
        with open(os.path.join(out, "results.csv"), newline="") as f:
            text = f.read()
    header = next(csv.reader(io.StringIO(text)))
    axes = set(header[2:header.index("time_us")])
    found = problems(text, axes)
    statuses = {row["status"] for row in csv.DictReader(io.StringIO(text))}
    if statuses != {"ok", "unbuildable", "filtered"}:
        found.append(f"statuses {sorted(statuses)}, expected ok, unbuildable and filtered")
    for col in ("limb_ntts", "int8_macs", "vpu_ops", "hbm_bytes", "cat_vector_modops_us",
                "cat_vector_modops_profile_share", "kernel_ntt_us"):
        if col not in header:
            found.append(f"no column {col}")
    if found:
        print("FAIL: results.csv does not load cleanly:")
        print("\n".join(found[:20]))
        return 1
    print(f"PASS: results.csv: {len(text.splitlines()) - 1} rows x {len(header)} columns load "
          "with their types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
