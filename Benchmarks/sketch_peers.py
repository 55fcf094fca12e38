#!/usr/bin/env python3
"""datasketch and rensa sketching the same texts as `seams-bench sketch`, from raw text, one core, best of N runs.

Both start from the raw text and do what they need to: NFC, lower-case, split on whitespace, 5-word shingles,
then 128-value MinHash (datasketch with its default SHA-1 hashing and with xxhash; rensa's RMinHash on bytes).
"""
import json
import os
import sys
import time
import unicodedata

os.environ.setdefault("RAYON_NUM_THREADS", "1")
from datasketch import MinHash  # noqa: E402
import rensa  # noqa: E402
import xxhash  # noqa: E402

path = sys.argv[1]
runs = int(os.environ.get("SEAMS_BENCH_PEER_RUNS", "2"))
docs = open(path, encoding="utf-8").read().split("\n")[:-1]
size = os.path.getsize(path)


def shingles(text):
    words = unicodedata.normalize("NFC", text).lower().split()
    return [" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))]


def datasketch_default():
    for d in docs:
        m = MinHash(num_perm=128)
        m.update_batch(shingles(d))


def datasketch_xxhash():
    for d in docs:
        m = MinHash(num_perm=128, hashfunc=xxhash.xxh32_intdigest)
        m.update_batch(shingles(d))


def rensa_bytes():
    for d in docs:
        m = rensa.RMinHash(num_perm=128, seed=42)
        m.update(shingles(d))


for name, work in [("datasketch 2.0 (SHA-1)", datasketch_default), ("datasketch 2.0 (xxhash)", datasketch_xxhash),
                   ("rensa 0.5 RMinHash", rensa_bytes)]:
    fastest = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        fastest = min(fastest, time.process_time() - started)
    print(json.dumps({"engine": name, "docs": len(docs), "bytes": size, "seconds": fastest, "mb_per_s": size / 1e6 / fastest}))
