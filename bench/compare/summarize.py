"""Reads the JSON lines run.sh collected (one per run, with peakMB added) and prints the comparison table."""
import json
import statistics
import sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by_name = {}
for r in runs:
    by_name.setdefault(r["name"], []).append(r)


def epochs_after_first(r):
    # the first epoch carries start-up costs (JIT, page faults); use the rest when there are any
    return r["epochSeconds"][1:] or r["epochSeconds"]


def epoch_median(rs):
    return statistics.median(s for r in rs for s in epochs_after_first(r))


def find(prefix):
    return next((n for n in by_name if n.startswith(prefix)), None)


sk_name, floor_name = find("scikit-learn"), find("GEMM floor")
sk = epoch_median(by_name[sk_name]) if sk_name else None
floor = epoch_median(by_name[floor_name]) if floor_name else None
print(f"{'run':<54} {'s/epoch':>8} {'per round':>22} {'x sklearn':>9} {'x floor':>8} {'x baseline':>10} {'test acc':>8} {'1-row us':>9} {'peak MB':>8} {'Transform rows/s':>16}")
for name, rs in by_name.items():
    e = epoch_median(rs)
    rounds = "/".join(f"{statistics.median(epochs_after_first(r)):.3f}" for r in rs)
    ratio = f"{e / sk:.2f}" if sk else "-"
    ratio_floor = f"{e / floor:.2f}" if floor else "-"
    base = by_name.get("baseline: " + name)
    ratio_base = f"{e / epoch_median(base):.2f}" if base else "-"
    accs = [r["testAccuracy"] for r in rs if r.get("testAccuracy") is not None]
    acc = f"{statistics.median(accs):.4f}" if accs else "-"
    lats = [r["latencyMicroseconds"] for r in rs if r.get("latencyMicroseconds") is not None]
    lat = f"{statistics.median(lats):.1f}" if lats else "-"
    peak = max(r.get("peakMB", float("nan")) for r in rs)
    rates = [r["transformRowsPerSecond"] for r in rs if r.get("transformRowsPerSecond")]
    rate = f"{statistics.median(rates):.0f}" if rates else "-"
    print(f"{name:<54} {e:>8.3f} {rounds:>22} {ratio:>9} {ratio_floor:>8} {ratio_base:>10} {acc:>8} {lat:>9} {peak:>8.0f} {rate:>16}")
cores = {r["name"]: r.get("coreName") for r in runs if r.get("coreName")}
if cores:
    print("OpenBLAS core of the Python anchors: " + ", ".join(f"{n}: {c}" for n, c in cores.items()))
print("s/epoch: median over epochs 2.. of every round (per round: each round's median); x baseline: against the row"
      " named 'baseline: <same name>'; 1-row us: single-row prediction latency (median); peak MB: maximum resident set"
      " size of the whole process (/usr/bin/time -v); Transform rows/s: ours only, the 10,000 test images through the"
      " saved model.")
