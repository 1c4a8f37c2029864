"""Shared test set-up: no test may touch the network."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# tiny models: one intra-op thread is ~10x faster than torch's default on a busy small machine
os.environ.setdefault("OMP_NUM_THREADS", "1")
