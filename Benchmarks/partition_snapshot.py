#!/usr/bin/env python3
"""Syncs a dedup world one feed at a time, in the OPML's order (so articles arrive in the same order in every run, which
a sync of all feeds at once, whose parsers race, does not promise), and writes what
the deduplicator decided — every cluster's members with their relations, its canonical article, every composite's
sources and spans — as one JSON file keyed by guid, so two builds' decisions can be compared with `diff`.

Usage: python3 Benchmarks/partition_snapshot.py SEAMS_BINARY CORPUS_DIR OUTPUT.json
"""
import html
import json
import os
import re
import subprocess
import sys

seams, corpus, output = sys.argv[1], sys.argv[2], sys.argv[3]
db = output + ".sqlite"
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db + suffix):
        os.remove(db + suffix)
opml = open(os.path.join(corpus, "feeds.opml"), encoding="utf-8").read()
for url in re.findall(r'xmlUrl="([^"]+)"', opml):
    subprocess.run([seams, "sync", os.path.join(corpus, html.unescape(url)), "--db", db], check=True, stdout=subprocess.DEVNULL)
listing = json.loads(subprocess.run([seams, "clusters", "--json", "--limit", "10000000", "--db", db], check=True,
                                    capture_output=True, text=True).stdout)
guid = {a["id"]: a["guid"] for c in listing["clusters"] for a in c["articles"]}
clusters = sorted(
    ({"id": c["id"], "canonical": guid[c["canonical"]],
      "members": sorted([a["guid"], a["relation"], round(a["similarity"], 6)] for a in c["articles"])}
     for c in listing["clusters"]), key=lambda c: c["members"][0][0])
composites = sorted(
    ({"page": c["article"]["guid"],
      "sources": sorted([guid[s["article"]], s["coverage"], s["spans"]] for s in c["sources"])}
     for c in listing["composites"]), key=lambda c: c["page"])
json.dump({"clusters": clusters, "composites": composites}, open(output, "w"), indent=1, sort_keys=True)
print("%d articles in %d clusters, %d composites -> %s" % (len(guid), len(clusters), len(composites), output))
