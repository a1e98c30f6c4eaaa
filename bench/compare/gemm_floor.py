"""The GEMM floor: only the matrix products of one training epoch of the comparison's network (784-256-128-10, batch
128, 60,000 rows: 468 batches of 128 and one of 96), through numpy and the machine's best BLAS (Debian's OpenBLAS
with its own core detection: run this with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset), in the precision the
trainers use (float32). Per batch: the three forward products X W, the three weight gradients X^T dZ, and the input
gradients dZ W^T of layers 2 and 3 (the first layer's is not needed), the same products MLNetDeep's epoch computes.
Nothing else (no gather, activations, loss or optimizer), so no trainer can be faster than this with this BLAS.
usage: gemm_floor.py [epochs, default 3] [threads, default 2]; prints one JSON line (epochSeconds, coreName, GFLOP/s)."""
import ctypes
import json
import os
import sys
import time

import numpy as np

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
sizes = [784, 256, 128, 10]
rows, batch = 60_000, 128
batches = [batch] * (rows // batch) + ([rows % batch] if rows % batch else [])

core = None
try:
    blas = ctypes.CDLL("libopenblas.so.0")
    blas.openblas_get_corename.restype = ctypes.c_char_p
    blas.openblas_set_num_threads(threads)
    core = blas.openblas_get_corename().decode()
except OSError:
    pass

rng = np.random.default_rng(1)
w = [(rng.standard_normal((sizes[i], sizes[i + 1])) * 0.05).astype(np.float32) for i in range(3)]
a = [rng.random((batch, s), dtype=np.float32) for s in sizes]          # layer inputs (a[0] = X), and outputs
dz = [rng.standard_normal((batch, s), dtype=np.float32) * 0.01 for s in sizes]  # output gradients per layer
dw = [np.empty_like(x) for x in w]
dx = [np.empty((batch, s), dtype=np.float32) for s in sizes]
flops = 0
for n in batches:
    for i in range(3):
        flops += 2 * n * sizes[i] * sizes[i + 1] * (2 if i == 0 else 3)


def epoch():
    for n in batches:
        for i in range(3):  # forward: Z_{i+1} = A_i W_i
            np.matmul(a[i][:n], w[i], out=a[i + 1][:n])
        for i in (2, 1, 0):  # backward: dW_i = A_i^T dZ_{i+1}; dA_i = dZ_{i+1} W_i^T for i > 0
            np.matmul(a[i][:n].T, dz[i + 1][:n], out=dw[i])
            if i > 0:
                np.matmul(dz[i + 1][:n], w[i].T, out=dx[i][:n])


epoch()  # warm-up: threads, page faults
seconds = []
for e in range(epochs):
    start = time.perf_counter()
    epoch()
    seconds.append(time.perf_counter() - start)
    print(f"GEMM floor epoch {e + 1}: {seconds[-1]:.3f}s", file=sys.stderr)

print(json.dumps({"name": "GEMM floor (numpy + OpenBLAS)", "epochSeconds": seconds, "coreName": core, "threads": threads,
                  "gflops": flops / min(seconds) / 1e9, "coretypeVariable": os.environ.get("OPENBLAS_CORETYPE")}))
