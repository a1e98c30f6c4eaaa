#!/usr/bin/env bash
# Side-by-side: MLNetDeep (the CLI), scikit-learn's MLPClassifier, the GEMM floor (the epoch's matrix products alone,
# through numpy + OpenBLAS) and PyTorch train (or multiply for) the same 784-256-128-10 ReLU network with Adam (rate
# 0.001, batch 128) on Fashion-MNIST with 2 threads, interleaved round by round; prints the CPU's instruction sets and
# the GEMM backend in use, then seconds per epoch, the ratios to scikit-learn and to the GEMM floor, test accuracy,
# single-row prediction latency and peak memory.
# Every knob that differs from the trainers' defaults (batch norm, dropout, the cosine schedule) is given explicitly,
# so each row is the network its name says.
# The Python anchors (scikit-learn, the GEMM floor) run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so OpenBLAS
# picks its kernels for this CPU itself (an environment may hold it to Haswell: that is kept for MLNetDeep's rows).
# usage: bench/compare/run.sh [epochs per run, default 3] [rounds, default 1]
#   BASELINE=DIR   also run the CLI built in DIR (a checkout of an earlier commit, built by this script) in each round
#   TORCH=0        leave PyTorch out
# Python is used here only, never at run time of the library.
set -euo pipefail
PY=/usr/bin/python3 # the Debian interpreter, which sees python3-sklearn and python3-torch (not a pyenv shim)
EPOCHS=${1:-3}
ROUNDS=${2:-1}
TORCH=${TORCH:-1}
BASELINE=${BASELINE:-}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA=/usr/share/datasets/fashion-mnist
OUT=${OUT:-$(mktemp -d /tmp/mlnetdeep-compare.XXXXXX)}
mkdir -p "$OUT"

need=()
for pkg in python3-sklearn python3-torch dataset-fashion-mnist time; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "installing ${need[*]}" >&2
  apt-get install -y "${need[@]}" >/dev/null
fi

dotnet build "$REPO/src/MLNetDeep.Cli" -c Release -v q -nologo >/dev/null
dotnet build "$REPO/bench/MLNetDeep.Benchmarks" -c Release -v q -nologo >/dev/null
CLI="$REPO/src/MLNetDeep.Cli/bin/Release/net10.0/MLNetDeep.Cli.dll"
BENCH="$REPO/bench/MLNetDeep.Benchmarks/bin/Release/net10.0/MLNetDeep.Benchmarks.dll"
if [[ -n "$BASELINE" ]]; then
  dotnet build "$BASELINE/src/MLNetDeep.Cli" -c Release -v q -nologo >/dev/null
  BASE_CLI="$BASELINE/src/MLNetDeep.Cli/bin/Release/net10.0/MLNetDeep.Cli.dll"
fi
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"

{
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "cpu flags (vector): $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|fma|avx512.*|amx.*)$' | tr '\n' ' ')"
  echo "environment: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-<unset>} MLNETDEEP_GEMM=${MLNETDEEP_GEMM:-<unset>}"
  dotnet "$BENCH" --machine
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

ours() { # name, cli dll, extra flags...
  local name=$1 cli=$2; shift 2
  local tag=${name//[^A-Za-z0-9]/_}_$round
  /usr/bin/time -v -o "$OUT/$tag.time" dotnet "$cli" train --data "$DATA/train" --test "$DATA/t10k" --task multiclass \
    --hidden 256,128 --optimizer adam --lr 0.001 --lr-decay constant --batch-size 128 --epochs "$EPOCHS" --threads 2 --seed 1 \
    --model "$OUT/$tag.zip" --json "$@" > "$OUT/$tag.log" 2>&1
  dotnet "$BENCH" --scoring "$OUT/$tag.zip" "$DATA/t10k" > "$OUT/$tag.scoring" 2>&1
  "$PY" "$HERE/collect.py" "$name" "$OUT/$tag.log" "$OUT/$tag.time" "$OUT/$tag.scoring" >> "$RESULTS"
  cat "$OUT/$tag.scoring" >&2
}

python_run() { # name, script, arguments...
  local name=$1 script=$2; shift 2
  local tag=${name//[^A-Za-z0-9]/_}_$round
  # OpenBLAS's own core detection for the anchors: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for this command only
  (cd "$HERE" && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/time -v -o "$OUT/$tag.time" "$PY" "$script" "$@" > "$OUT/$tag.log")
  "$PY" "$HERE/collect.py" "$name" "$OUT/$tag.log" "$OUT/$tag.time" >> "$RESULTS"
}

for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round of $ROUNDS ($EPOCHS epochs each), results in $OUT; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  ours "MLNetDeep" "$CLI" --batch-norm false --dropout 0
  python_run "scikit-learn" sklearn_mlp.py "$EPOCHS" 2
  ours "MLNetDeep + batch norm + dropout 0.2" "$CLI" --batch-norm --dropout 0.2
  python_run "GEMM floor (numpy + OpenBLAS)" gemm_floor.py "$EPOCHS" 2
  if [[ -n "$BASELINE" ]]; then
    ours "baseline: MLNetDeep" "$BASE_CLI" --batch-norm false --dropout 0
    ours "baseline: MLNetDeep + batch norm + dropout 0.2" "$BASE_CLI" --batch-norm --dropout 0.2
  fi
  MLNETDEEP_GEMM=openblas ours "MLNetDeep + batch norm + dropout 0.2, OpenBLAS GEMM" "$CLI" --batch-norm --dropout 0.2
  if [[ "$TORCH" != 0 ]]; then
    python_run "PyTorch" torch_mlp.py "$EPOCHS" 2
  fi
done

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee -a "$OUT/machine.txt" >&2
"$PY" "$HERE/summarize.py" "$RESULTS" | tee "$OUT/summary.txt"
