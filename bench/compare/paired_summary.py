"""Summarizes paired.sh's results: per row the median over rounds of each round's epoch time (median of epochs 2..),
and the medians of the per-round ratios to the GEMM floor, to scikit-learn and to the baseline row of the same name."""
import json
import statistics
import sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
per = {}
for r in runs:
    seconds = r["epochSeconds"][1:] or r["epochSeconds"]
    per.setdefault(r["name"], {})[r["round"]] = statistics.median(seconds)


def ratio(name, other):
    if other not in per:
        return "-", ""
    pairs = [per[name][k] / per[other][k] for k in per[name] if k in per[other]]
    return f"{statistics.median(pairs):.2f}", "/".join(f"{p:.2f}" for p in pairs)


print(f"{'run':<48} {'s/epoch':>8} {'x floor':>8} {'x sklearn':>9} {'x baseline':>10}   per round (s/epoch)")
for name, rounds in per.items():
    med = statistics.median(rounds.values())
    floor, _ = ratio(name, "GEMM floor (numpy + OpenBLAS)")
    sk, _ = ratio(name, "scikit-learn")
    base, _ = ratio(name, "baseline: " + name)
    print(f"{name:<48} {med:>8.3f} {floor:>8} {sk:>9} {base:>10}   {'/'.join(f'{rounds[k]:.3f}' for k in sorted(rounds))}")
print()
for name in per:
    for other in ("GEMM floor (numpy + OpenBLAS)", "scikit-learn", "baseline: " + name):
        if other != name and other in per and not name.startswith("GEMM") and not name.startswith("scikit"):
            m, each = ratio(name, other)
            print(f"{name} / {other}: median {m}; per round {each}")
print("s/epoch: median over rounds of each round's median over epochs 2..; x ...: median over rounds of the ratio"
      " between runs of the same round (taken seconds apart).")
