"""Reads the JSON lines run.sh collected (one per run, with peakMB added) and prints the comparison table."""
import json
import statistics
import sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by_name = {}
for r in runs:
    by_name.setdefault(r["name"], []).append(r)


def epoch_median(rs):
    # the first epoch carries start-up costs (JIT, page faults); report the median of the rest when there are any
    values = [s for r in rs for s in (r["epochSeconds"][1:] or r["epochSeconds"])]
    return statistics.median(values)


sk = epoch_median(by_name["scikit-learn"]) if "scikit-learn" in by_name else None
print(f"{'trainer':<44} {'s/epoch':>8} {'x sklearn':>9} {'test acc':>8} {'1-row us':>9} {'peak MB':>8} {'Transform rows/s':>16}")
for name, rs in by_name.items():
    e = epoch_median(rs)
    ratio = f"{e / sk:.2f}" if sk else "-"
    acc = statistics.median(r["testAccuracy"] for r in rs)
    lat = statistics.median(r["latencyMicroseconds"] for r in rs if r.get("latencyMicroseconds") is not None) \
        if any(r.get("latencyMicroseconds") is not None for r in rs) else float("nan")
    peak = max(r.get("peakMB", float("nan")) for r in rs)
    rates = [r["transformRowsPerSecond"] for r in rs if r.get("transformRowsPerSecond")]
    rate = f"{statistics.median(rates):.0f}" if rates else "-"
    print(f"{name:<44} {e:>8.2f} {ratio:>9} {acc:>8.4f} {lat:>9.1f} {peak:>8.0f} {rate:>16}")
print("s/epoch: median over epochs 2.. of every round; 1-row us: single-row prediction latency (median);"
      " peak MB: maximum resident set size of the whole process (/usr/bin/time -v);"
      " Transform rows/s: ours only, the 10,000 test images through the saved model.")
