#!/usr/bin/env python3
"""Times feedparser on the same files as seams-bench, best of N runs; one JSON object per file."""
import json
import os
import sys
import time

import feedparser

runs = int(os.environ.get("SEAMS_BENCH_PEER_RUNS", "2"))
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    fastest, entries = float("inf"), 0
    for _ in range(runs):
        started = time.process_time()
        result = feedparser.parse(data)
        fastest = min(fastest, time.process_time() - started)
        entries = len(result.entries)
    print(json.dumps({"file": os.path.basename(path), "bytes": len(data), "entries": entries, "seconds": fastest,
                      "mb_per_s": len(data) / 1e6 / fastest, "entries_per_s": entries / fastest,
                      "version": feedparser.__version__}))
