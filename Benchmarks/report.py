#!/usr/bin/env python3
"""Joins seams-bench and feedparser results into the table BENCHMARKS.md records."""
import json
import sys

seams = {r["file"]: r for r in map(json.loads, open(sys.argv[1]))}
peer = {r["file"]: r for r in map(json.loads, open(sys.argv[2]))}
print("| feed | size | entries | Seams parse MB/s | Seams parse+extract MB/s | entries/s | feedparser %s MB/s | entries/s | ratio (parse+extract vs feedparser) |"
      % next(iter(peer.values()))["version"])
print("|---|---|---|---|---|---|---|---|---|")
for name, s in seams.items():
    p = peer[name]
    if p["entries"] == 0:  # feedparser does not read JSON Feed
        print("| %s | %.1f MB | %d | %.0f | %.0f | %.0f | n/a (no JSON Feed support) | n/a | n/a |" % (
            name, s["bytes"] / 1e6, s["entries"], s["parse_mb_per_s"], s["parse_extract_mb_per_s"], s["parse_extract_entries_per_s"]))
        continue
    assert s["entries"] == p["entries"], "%s: Seams read %d entries, feedparser %d" % (name, s["entries"], p["entries"])
    print("| %s | %.1f MB | %d | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f× |" % (
        name, s["bytes"] / 1e6, s["entries"], s["parse_mb_per_s"], s["parse_extract_mb_per_s"],
        s["parse_extract_entries_per_s"], p["mb_per_s"], p["entries_per_s"], s["parse_extract_mb_per_s"] / p["mb_per_s"]))
