#!/usr/bin/env bash
# scripts/sweep_figures.py on a finished sweep: a row per point that ran, with its swept values
# and time from results.csv; the points that cannot be built with their reason; the fastest point
# per value of each swept key; one line naming a missing folder and exit 1.
set -euo pipefail
hesa="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$hesa" sweep tests/data/sweeps/tiny.yaml --out "$tmp/tiny" -j 2 --quiet
out="$(/usr/bin/python3 scripts/sweep_figures.py "$tmp/tiny")"
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }
ok=$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
ok = [r for r in rows if r["status"] == "ok"]
best = min(ok, key=lambda r: float(r["time_us"]))
t = float(best["time_us"])
print(len(ok), f"{t:.0f}" if t >= 100 else f"{t:.3g}", best["mxu.rows"])
' "$tmp/tiny/results.csv")
read -r n_ok best_time best_rows <<<"$ok"
rows=$(grep -c '^| [0-9]' <<<"$out" || true)
[ "$(grep -c "unbuildable: " <<<"$out")" -gt 0 ] || fail "no unbuildable point listed"
[ "$((rows))" -ge "$n_ok" ] || fail "expected $n_ok rows of points, got $rows"
# The first row is the fastest point.
first=$(grep -m1 '^| [0-9]' <<<"$out")
grep -q "| $best_time |" <<<"$first" || fail "first row is not the fastest point ($best_time us): $first"
grep -q "^| $best_rows |" <<<"$first" || fail "first row's mxu.rows is not $best_rows: $first"
grep -q 'Fastest point per value of `mapping.reduction`' <<<"$out" || fail "no per-value summary"
if /usr/bin/python3 scripts/sweep_figures.py "$tmp/none" >"$tmp/err" 2>&1; then
  fail "a missing folder gave exit 0"
fi
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "a missing folder gave more than one line: $(cat "$tmp/err")"
echo "sweep_figures: $n_ok points, fastest $best_time us"
