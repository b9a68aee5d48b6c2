#!/usr/bin/env bash
# Runs a sweep through a real single-node Slurm cluster and checks that the merged results equal
# a local run. Starts munged, slurmctld and slurmd itself (configured in a temp folder, on ports
# of its own) and stops them at the end. Needs root and Debian's slurm-wlm and munge
# (scripts/setup-deps.sh installs them); skipped (exit 77) without them, except under CI
# (CI=true), where a missing tool is a failure.
# Usage: slurm_sweep_test.sh HESA_BINARY SOURCE_DIR
set -euo pipefail
hesa="$1"
src="$2"
skip=77
[ "${CI:-}" = "true" ] && skip=1
for tool in munged slurmctld slurmd sbatch sinfo squeue; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed (scripts/setup-deps.sh)"; exit $skip; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: starting slurmd needs root"; exit $skip; }

tmp="$(mktemp -d /tmp/hesa-slurm.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${keep:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for log in "$tmp"/*.log "$tmp"/*/slurm/task-*.log; do
    [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }
  done
  exit 1
}

# munge: a fresh key and socket in the temp folder.
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool"
chmod 700 "$tmp/munge"
head -c 1024 /dev/urandom >"$tmp/munge/munge.key"
chmod 400 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket"
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$socket" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/seed" \
  --log-file="$tmp/munged.log" >>"$tmp/daemons.log" 2>&1 &
pids+=($!)

port=$((20000 + $$ % 20000))
host="$(hostname -s)"
cat >"$tmp/slurm.conf" <<CONF
ClusterName=hesatest
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
for i in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || fail "munged did not start"
slurmctld -D -c -f "$SLURM_CONF" >>"$tmp/daemons.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >>"$tmp/daemons.log" 2>&1 &
pids+=($!)
state=""
for i in $(seq 300); do
  state="$(sinfo -h -o %T 2>/dev/null || true)"
  [ "$state" = idle ] && break
  sleep 0.1
done
[ "$state" = idle ] || fail "the node did not become idle (state: '$state')"

sweep="$src/tests/data/sweeps/tiny.yaml"
cd "$tmp"
"$hesa" sweep "$sweep" --out "$tmp/local" --quiet >/dev/null || fail "local sweep"

# Waiting: 8 points in chunks of 3 = 3 array tasks, collected when the array has finished.
"$hesa" sweep "$sweep" --out "$tmp/waited" --backend slurm --chunk 3 --wait --quiet \
  --sbatch-arg=--time=10 --sbatch-arg=--job-name=hesa-test-waited \
  >"$tmp/waited.out" || fail "slurm sweep --wait: $(cat "$tmp/waited.out")"
[ "$(wc -l <"$tmp/waited/slurm/chunks.txt")" = 3 ] || fail "expected 3 array tasks"
[ "$(ls "$tmp"/waited/slurm/task-*.log | wc -l)" = 3 ] || fail "expected 3 task logs"
grep -q "task 0: 3 points run: 3 ok, 0 unbuildable, 0 failed" "$tmp/waited/slurm/task-0.log" ||
  fail "task 0 log: $(cat "$tmp/waited/slurm/task-0.log")"

# Not waiting: submit, wait for the queue to drain, then --collect.
"$hesa" sweep "$sweep" --out "$tmp/later" --backend slurm --chunk 5 --quiet >"$tmp/later.out" ||
  fail "slurm sweep"
grep -q "hesa sweep --collect" "$tmp/later.out" || fail "no collect hint: $(cat "$tmp/later.out")"
job="$(cat "$tmp/later/slurm/job_id")"
# squeue can fail for a moment (a busy slurmctld): only an answer that lists nothing, or that no
# longer knows the job (purged), means the array has finished.
drained=0
for i in $(seq 600); do
  if out="$(squeue -h -j "$job" 2>"$tmp/squeue.err")"; then
    [ -z "$out" ] && { drained=1; break; }
  elif grep -qi "invalid job id" "$tmp/squeue.err"; then
    drained=1
    break
  fi
  sleep 0.1
done
[ "$drained" = 1 ] || fail "job $job still queued after 60 s"
"$hesa" sweep --collect "$tmp/later" >/dev/null || fail "collect"

# A hostile output folder. A newline (with an #SBATCH line after it) is refused before anything
# is written, and so are '%' and '\' (Slurm reads both in log names); a quote, a space and a
# command substitution reach the job script quoted and run as a path.
bad="$tmp/bad
#SBATCH --wrap=touch $tmp/pwned"
if "$hesa" sweep "$sweep" --out "$bad" --backend slurm --wait --quiet 2>"$tmp/bad.err"; then
  fail "a folder with a newline was accepted"
fi
grep -q "control character 0x0a" "$tmp/bad.err" || fail "newline folder: $(cat "$tmp/bad.err")"
[ ! -e "$bad" ] && [ ! -e "$tmp/pwned" ] || fail "the newline folder was written or ran"
if "$hesa" sweep "$sweep" --out "$tmp/pct%a" --backend slurm --wait --quiet 2>"$tmp/bad.err"; then
  fail "a folder with a '%' was accepted"
fi
[ ! -e "$tmp/pct%a" ] || fail "the '%' folder was written"
odd="$tmp/odd dir'\$(touch pwned)"
"$hesa" sweep "$sweep" --out "$odd" --backend slurm --chunk 8 --wait --quiet \
  >"$tmp/odd.out" || fail "slurm sweep into an odd folder: $(cat "$tmp/odd.out")"
[ ! -e "$tmp/pwned" ] && [ ! -e "$odd/pwned" ] || fail "a path reached the job script as a command"
[ "$(grep -c '^#SBATCH' "$odd/slurm/job.sh")" = 4 ] || fail "job.sh: $(cat "$odd/slurm/job.sh")"
[ -s "$odd/slurm/task-0.log" ] || fail "no task log in the odd folder"

# A sweep over a list of chips and a list of workloads, through Slurm and locally.
chips="$src/tests/data/sweeps/chips.yaml"
"$hesa" sweep "$chips" --out "$tmp/chips_local" --quiet >/dev/null || fail "local chips sweep"
"$hesa" sweep "$chips" --out "$tmp/chips_slurm" --backend slurm --chunk 3 --wait --quiet \
  --sbatch-arg=--time=10 >"$tmp/chips.out" || fail "slurm chips sweep: $(cat "$tmp/chips.out")"

strip_wall() { sed 's/,[^,]*$//' "$1"; }
diff <(strip_wall "$tmp/chips_local/results.csv") <(strip_wall "$tmp/chips_slurm/results.csv") ||
  fail "chips: results differ from the local run"
cmp -s "$tmp/chips_local/sweep.html" "$tmp/chips_slurm/sweep.html" || fail "chips: sweep.html differs"
[ "$(grep -c ',ok,' "$tmp/chips_slurm/results.csv")" = 8 ] || fail "chips: expected 8 ok points"
for chip in one_core two_core; do
  for workload in ntt_tiny_radix2 intt_tiny; do
    [ "$(grep -c ",ok,$chip,$workload," "$tmp/chips_slurm/results.csv")" = 2 ] ||
      fail "chips: expected 2 points of $chip x $workload"
  done
done
for out in waited later "odd dir'\$(touch pwned)"; do
  diff <(strip_wall "$tmp/local/results.csv") <(strip_wall "$tmp/$out/results.csv") ||
    fail "$out: results differ from the local run"
  cmp -s "$tmp/local/sweep.html" "$tmp/$out/sweep.html" || fail "$out: sweep.html differs"
done
[ "$(grep -c ',ok,' "$tmp/local/results.csv")" = 8 ] || fail "expected 8 ok points"

# The slice-scaling sweep cut down (HE-Mult on 1 and 2 v6e chips, by batch and by limbs).
slices="$src/tests/data/sweeps/slice_scaling_cut.yaml"
"$hesa" sweep "$slices" --out "$tmp/slices_local" --quiet >/dev/null || fail "local slice sweep"
"$hesa" sweep "$slices" --out "$tmp/slices_slurm" --backend slurm --chunk 2 --wait --quiet \
  --sbatch-arg=--time=10 >"$tmp/slices.out" || fail "slurm slice sweep: $(cat "$tmp/slices.out")"
diff <(strip_wall "$tmp/slices_local/results.csv") <(strip_wall "$tmp/slices_slurm/results.csv") ||
  fail "slices: results differ from the local run"
[ "$(grep -c ',ok,' "$tmp/slices_slurm/results.csv")" = 4 ] || fail "slices: expected 4 ok points"
# Two chips by limbs send limbs over ICI; by batch they send none.
chips_col="$(head -1 "$tmp/slices_slurm/results.csv" | tr ',' '\n' | grep -n '^ici_bytes$' | cut -d: -f1)"
[ -n "$chips_col" ] || fail "slices: no ici_bytes column"
[ "$(grep ',\[2\],limbs,' "$tmp/slices_slurm/results.csv" | cut -d, -f"$chips_col")" != 0 ] ||
  fail "slices: 2 chips by limbs sent nothing over ICI"
[ "$(grep ',\[2\],batch,' "$tmp/slices_slurm/results.csv" | cut -d, -f"$chips_col")" = 0 ] ||
  fail "slices: 2 chips by batch sent bytes over ICI"
echo "PASS: Slurm job arrays give the local results, over lists of chips and workloads and slices too"
