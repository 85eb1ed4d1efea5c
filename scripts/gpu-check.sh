#!/usr/bin/env bash
# GPU check (README, GPU): builds with -Pgpu (TensorFlow's CUDA natives), checks that TensorFlow
# created a GPU device, then runs the training-step bench and the quickstart grid, printing step time,
# samples/s and the GPU memory nvidia-smi saw. About 10 minutes at most; fails clearly, before any
# build, when there is no NVIDIA driver or GPU.
#   scripts/gpu-check.sh
# Leaves the CPU build in place afterwards (the next bin/sparc rebuilds with the CPU natives).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "gpu-check: FAILED: $*" >&2; exit 1; }
command -v nvidia-smi >/dev/null 2>&1 || fail "nvidia-smi not found: no NVIDIA driver on this machine"
gpu="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1)" \
  || fail "nvidia-smi cannot talk to a GPU: $gpu"
[[ -n "$gpu" ]] || fail "nvidia-smi lists no GPU"
echo "gpu-check: $(date -u +%Y-%m-%d) GPU: $gpu"

work="$(mktemp -d)"
cp_file=sparc-experiments/target/runtime-classpath.txt
sampler=""
cleanup() {
  [[ -n "$sampler" ]] && kill "$sampler" 2>/dev/null || true
  rm -f "$cp_file"   # the cached classpath names the GPU natives: make bin/sparc rebuild for the CPU
  rm -rf "$work"
}
trap cleanup EXIT

# bin/sparc rebuilds when its cached classpath is missing; SPARC_MVN_OPTS carries the profile.
rm -f "$cp_file"
export SPARC_MVN_OPTS="-Pgpu ${SPARC_MVN_OPTS:-}"
echo "gpu-check: building with -Pgpu (the first time downloads the CUDA natives, about 0.5 GB) ..."
timeout 300 bin/sparc --help >/dev/null || fail "the -Pgpu build failed (output above)"
grep -q 'linux-x86_64-gpu' "$cp_file" || fail "the -Pgpu classpath has no linux-x86_64-gpu natives"

nvidia-smi --query-gpu=memory.used,utilization.gpu --format=csv,noheader,nounits -lms 500 >"$work/smi.csv" &
sampler=$!

echo "gpu-check: training-step bench (GLOBAL/LOCAL sparse, paper scale) ..."
# TensorFlow's own log (level 0) says which devices it created: without a GPU device the run is on the CPU.
TF_CPP_MIN_LOG_LEVEL=0 timeout 240 bin/sparc bench --steps 20 --warmup 3 --only GLOBAL-SPARSE,LOCAL-SPARSE \
  >"$work/bench.out" 2>"$work/bench.err" || { cat "$work/bench.err" >&2; fail "bin/sparc bench failed"; }
if ! grep -q 'device:GPU:0' "$work/bench.err"; then
  grep -iE 'cuda|cudnn|gpu|dynamic library' "$work/bench.err" | head -20 >&2 || true
  fail "TensorFlow created no GPU device (CUDA libraries missing or not matching the natives?): the bench ran on the CPU"
fi
grep -m1 'device:GPU:0' "$work/bench.err" | sed 's/^.*\] /gpu-check: TensorFlow: /'
cat "$work/bench.out"

echo "gpu-check: quickstart grid ..."
start=$(date +%s)
timeout 300 bin/sparc grid conf/grids/quickstart.conf || fail "the quickstart grid failed"
echo "gpu-check: quickstart grid: $(( $(date +%s) - start )) s"

kill "$sampler" 2>/dev/null || true
sampler=""
awk -F', *' '{ if ($1 > m) m = $1; if ($2 > u) u = $2 } END { printf "gpu-check: peak GPU memory used %d MiB, peak utilisation %d%% (nvidia-smi every 0.5 s)\n", m, u }' "$work/smi.csv"
echo "gpu-check: OK"
