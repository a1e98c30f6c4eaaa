#!/usr/bin/env bash
# Paired rounds for a machine shared with other work (its speed changes from one minute to the next): every round
# runs, back to back, short processes of the engine alone (bench/MLNetDeep.Benchmarks --train-epochs: the CLI's
# network and epochs without its loading and scoring) with and without batch norm + dropout 0.2, optionally the same
# from a baseline build, the GEMM floor (gemm_floor.py) and scikit-learn (sklearn_mlp.py), so the ratios compare
# runs taken seconds apart. Prints the CPU and the GEMM choice first, then per row the median over rounds (each round:
# the median of epochs 2..) and the median of the per-round ratios to the floor, to scikit-learn and to the baseline.
# The Python anchors run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (OpenBLAS's own core detection).
# usage: bench/compare/paired.sh [rounds, default 8] [epochs per run, default 3]
#   BASELINE=DIR  a checkout of an earlier commit whose benchmark project has --train-epochs (copy
#                 bench/MLNetDeep.Benchmarks/Training/TrainEpochs.cs and its Program.cs lines into it); built here
set -euo pipefail
PY=/usr/bin/python3
ROUNDS=${1:-8}
EPOCHS=${2:-3}
BASELINE=${BASELINE:-}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA=/usr/share/datasets/fashion-mnist
OUT=${OUT:-$(mktemp -d /tmp/mlnetdeep-paired.XXXXXX)}
mkdir -p "$OUT"
dotnet build "$REPO/bench/MLNetDeep.Benchmarks" -c Release -v q -nologo >/dev/null
BENCH="$REPO/bench/MLNetDeep.Benchmarks/bin/Release/net10.0/MLNetDeep.Benchmarks.dll"
if [[ -n "$BASELINE" ]]; then
  dotnet build "$BASELINE/bench/MLNetDeep.Benchmarks" -c Release -v q -nologo >/dev/null
  BASE_BENCH="$BASELINE/bench/MLNetDeep.Benchmarks/bin/Release/net10.0/MLNetDeep.Benchmarks.dll"
fi
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
{
  echo "cpu flags (vector): $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|fma|avx512.*|amx.*)$' | tr '\n' ' ')"
  echo "environment: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>} MLNETDEEP_GEMM=${MLNETDEEP_GEMM:-<unset>}"
  dotnet "$BENCH" --machine
} | tee "$OUT/machine.txt" >&2

record() { # name round json-line
  "$PY" -c 'import json,sys; d=json.loads(sys.argv[3]); d["name"]=sys.argv[1]; d["round"]=int(sys.argv[2]); print(json.dumps(d))' "$1" "$2" "$3" >> "$RESULTS"
}

for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round of $ROUNDS; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  record "MLNetDeep + batch norm + dropout 0.2" $round "$(dotnet "$BENCH" --train-epochs "$DATA/train" "$EPOCHS" 2 bn-dropout 2>/dev/null)"
  if [[ -n "$BASELINE" ]]; then
    record "baseline: MLNetDeep + batch norm + dropout 0.2" $round "$(dotnet "$BASE_BENCH" --train-epochs "$DATA/train" "$EPOCHS" 2 bn-dropout 2>/dev/null)"
  fi
  record "GEMM floor (numpy + OpenBLAS)" $round "$(cd "$HERE" && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" gemm_floor.py "$EPOCHS" 2 2>/dev/null)"
  record "scikit-learn" $round "$(cd "$HERE" && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" sklearn_mlp.py "$EPOCHS" 2 --no-latency 2>/dev/null)"
  record "MLNetDeep" $round "$(dotnet "$BENCH" --train-epochs "$DATA/train" "$EPOCHS" 2 plain 2>/dev/null)"
  if [[ -n "$BASELINE" ]]; then
    record "baseline: MLNetDeep" $round "$(dotnet "$BASE_BENCH" --train-epochs "$DATA/train" "$EPOCHS" 2 plain 2>/dev/null)"
  fi
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee -a "$OUT/machine.txt" >&2
"$PY" "$HERE/paired_summary.py" "$RESULTS" | tee "$OUT/summary.txt"
