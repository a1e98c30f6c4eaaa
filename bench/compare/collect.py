"""Turns one run's output into a JSON line for summarize.py.
usage: collect.py NAME STDOUT_LOG TIME_V_LOG [SCORING_LOG]
Our CLI's log: 'epoch i/N: ..., 1.20s, ...' lines and a final JSON object (--json); a Python script's log: its JSON
line. The peak memory comes from /usr/bin/time -v ('Maximum resident set size' in KB); our single-row latency from
the benchmarks' --scoring output ('PredictionEngine: median X us/row')."""
import json
import re
import sys

name, out_log, time_log = sys.argv[1:4]
text = open(out_log).read()
last_json = [line for line in text.splitlines() if line.startswith("{")][-1]
data = json.loads(last_json)
if "epochSeconds" in data:
    result = data
else:
    result = {
        "epochSeconds": [float(s) for s in re.findall(r"^epoch \d+/\d+: .*?, ([0-9.]+)s,", text, re.M)],
        "testAccuracy": data["metrics"]["MicroAccuracy"],
        "latencyMicroseconds": None,
    }
result["name"] = name
peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(time_log).read())
result["peakMB"] = int(peak.group(1)) / 1024 if peak else float("nan")
if len(sys.argv) > 4:
    m = re.search(r"PredictionEngine: median ([0-9.]+) us/row", open(sys.argv[4]).read())
    result["latencyMicroseconds"] = float(m.group(1)) if m else None
    m = re.search(r"Transform: \d+ rows, median (\d+) rows/s", open(sys.argv[4]).read())
    result["transformRowsPerSecond"] = int(m.group(1)) if m else None
print(json.dumps(result))
