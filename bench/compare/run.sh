#!/usr/bin/env bash
# Side-by-side: MLNetDeep (the CLI), scikit-learn's MLPClassifier and PyTorch train the same 784-256-128-10 ReLU
# network with Adam (rate 0.001, batch 128) on Fashion-MNIST with 2 threads, interleaved round by round; prints
# seconds per epoch, the ratios to scikit-learn, test accuracy, single-row prediction latency and peak memory.
# Every knob that differs from the trainers' defaults (batch norm, dropout, the cosine schedule) is given explicitly,
# so each row is the network its name says.
# usage: bench/compare/run.sh [epochs per run, default 3] [rounds, default 1]
# Python is used here only, never at run time of the library.
set -euo pipefail
PY=/usr/bin/python3 # the Debian interpreter, which sees python3-sklearn and python3-torch (not a pyenv shim)
EPOCHS=${1:-3}
ROUNDS=${2:-1}
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
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"

ours() { # name, extra flags...
  local name=$1; shift
  local tag=${name//[^A-Za-z0-9]/_}
  /usr/bin/time -v -o "$OUT/$tag.time" dotnet "$CLI" train --data "$DATA/train" --test "$DATA/t10k" --task multiclass \
    --hidden 256,128 --optimizer adam --lr 0.001 --lr-decay constant --batch-size 128 --epochs "$EPOCHS" --threads 2 --seed 1 \
    --model "$OUT/$tag.zip" --json "$@" > "$OUT/$tag.log" 2>&1
  dotnet "$BENCH" --scoring "$OUT/$tag.zip" "$DATA/t10k" > "$OUT/$tag.scoring" 2>&1
  "$PY" "$HERE/collect.py" "$name" "$OUT/$tag.log" "$OUT/$tag.time" "$OUT/$tag.scoring" >> "$RESULTS"
  cat "$OUT/$tag.scoring" >&2
}

python_run() { # name, script
  local tag=${1//[^A-Za-z0-9]/_}
  (cd "$HERE" && /usr/bin/time -v -o "$OUT/$tag.time" "$PY" "$2" "$EPOCHS" 2 > "$OUT/$tag.log")
  "$PY" "$HERE/collect.py" "$1" "$OUT/$tag.log" "$OUT/$tag.time" >> "$RESULTS"
}

for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round of $ROUNDS ($EPOCHS epochs each), results in $OUT" >&2
  ours "MLNetDeep (OpenBLAS if present)" --batch-norm false --dropout 0
  python_run "scikit-learn" sklearn_mlp.py
  ours "MLNetDeep + batch norm + dropout 0.2" --batch-norm --dropout 0.2
  python_run "PyTorch" torch_mlp.py
  MLNETDEEP_GEMM=managed ours "MLNetDeep, managed GEMM only" --batch-norm false --dropout 0
done

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
"$PY" "$HERE/summarize.py" "$RESULTS"
