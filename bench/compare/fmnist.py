"""Fashion-MNIST from the Debian package dataset-fashion-mnist (IDX, gzip), as float32 in [0, 1]."""
import gzip
import os

import numpy as np

ROOT = os.environ.get("FMNIST_DIR", "/usr/share/datasets/fashion-mnist")


def _read(name, offset):
    with gzip.open(os.path.join(ROOT, name), "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(split):
    """split: 'train' or 't10k'. Returns X [N, 784] float32 in [0, 1], y [N] int64."""
    x = _read(f"{split}-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255.0
    y = _read(f"{split}-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return x, y
