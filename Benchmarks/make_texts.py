#!/usr/bin/env python3
"""Writes the sketching benchmark's text: one real article a line (Reuters-21578, ECB+, binhvq), as raw text.

Usage: python3 Benchmarks/make_texts.py SHARED_DIR OUT_FILE   (Reuters is used for benchmarking only.)
"""
import json
import os
import sys

shared, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for name in ["en_reuters21578.jsonl", "en_ecbplus_event_clusters.jsonl", "vi_binhvq_sample.jsonl"]:
        for line in open(os.path.join(shared, "corpus", name), encoding="utf-8"):
            text = " ".join(json.loads(line)["text"].replace("\x03", " ").split())
            if len(text.split()) >= 20:
                f.write(text + "\n")
