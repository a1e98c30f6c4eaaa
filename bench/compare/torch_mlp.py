"""PyTorch (CPU) on Fashion-MNIST: 784-256-128-10 ReLU, Adam (0.001), batch 128, reshuffled each epoch (timed), then
test accuracy and single-row latency under no_grad. Threads: argv[2] (default 2). Prints one JSON line."""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

import fmnist

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
torch.manual_seed(1)
x, y = (torch.from_numpy(a) for a in fmnist.load("train"))
xt, yt = (torch.from_numpy(a) for a in fmnist.load("t10k"))
model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
loss_fn = nn.CrossEntropyLoss()
seconds = []
for epoch in range(epochs):
    start = time.perf_counter()
    model.train()
    order = torch.randperm(len(x))
    for b in range(0, len(x), 128):
        idx = order[b:b + 128]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
    seconds.append(time.perf_counter() - start)
    print(f"torch epoch {epoch + 1}: {seconds[-1]:.2f}s loss {loss.item():.4f}", file=sys.stderr)

model.eval()
with torch.no_grad():
    accuracy = float((model(xt).argmax(1) == yt).float().mean())
    rows = xt[:500]
    for i in range(50):
        model(rows[i:i + 1])
    latencies = []
    for _ in range(5):
        start = time.perf_counter()
        for i in range(len(rows)):
            torch.softmax(model(rows[i:i + 1]), 1)
        latencies.append((time.perf_counter() - start) / len(rows) * 1e6)
print(json.dumps({"name": "PyTorch", "epochSeconds": seconds, "testAccuracy": accuracy,
                  "latencyMicroseconds": float(np.median(latencies))}))
