"""scikit-learn's MLPClassifier on Fashion-MNIST: 784-256-128-10 ReLU, Adam (0.001), batch 128, one partial_fit per
epoch (timed), then test accuracy and single-row predict_proba latency (not with --no-latency). Prints one JSON line.
usage: sklearn_mlp.py [epochs, default 3] [threads: ignored, set OPENBLAS_NUM_THREADS] [--no-latency]"""
import ctypes
import json
import sys
import time
import warnings

import numpy as np
from sklearn.neural_network import MLPClassifier

import fmnist

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
x, y = fmnist.load("train")
xt, yt = fmnist.load("t10k")
model = MLPClassifier(hidden_layer_sizes=(256, 128), activation="relu", solver="adam", learning_rate_init=0.001,
                      batch_size=128, alpha=0.0, shuffle=True, random_state=1)
classes = np.arange(10)
seconds = []
warnings.simplefilter("ignore")
for epoch in range(epochs):
    start = time.perf_counter()
    model.partial_fit(x, y, classes=classes)
    seconds.append(time.perf_counter() - start)
    print(f"sklearn epoch {epoch + 1}: {seconds[-1]:.2f}s loss {model.loss_:.4f}", file=sys.stderr)

accuracy = float((model.predict(xt) == yt).mean())
if "--no-latency" in sys.argv:
    print(json.dumps({"name": "scikit-learn", "epochSeconds": seconds, "testAccuracy": accuracy}))
    sys.exit(0)
rows = xt[:500]
for i in range(50):
    model.predict_proba(rows[i:i + 1])
latencies = []
for _ in range(5):
    start = time.perf_counter()
    for i in range(len(rows)):
        model.predict_proba(rows[i:i + 1])
    latencies.append((time.perf_counter() - start) / len(rows) * 1e6)
try:
    blas = ctypes.CDLL("libopenblas.so.0")
    blas.openblas_get_corename.restype = ctypes.c_char_p
    core = blas.openblas_get_corename().decode()
except OSError:
    core = None
print(json.dumps({"name": "scikit-learn", "epochSeconds": seconds, "testAccuracy": accuracy,
                  "latencyMicroseconds": float(np.median(latencies)), "coreName": core}))
