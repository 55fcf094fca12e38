#!/usr/bin/env python3
"""Checks that `seams export` writes feeds feedparser reads cleanly, one entry per cluster.

Usage: python3 scripts/check_exports.py SEAMS_BINARY DATABASE
Needs feedparser (pip install feedparser==6.0.14). Exits non-zero on the first problem.
"""
import json
import subprocess
import sys

import feedparser

seams, db = sys.argv[1], sys.argv[2]
clusters = json.loads(subprocess.run([seams, "clusters", "--json", "--limit", "100000", "--db", db],
                                     check=True, capture_output=True, text=True).stdout)["clusters"]
for fmt in ["atom", "rss", "json"]:
    out = subprocess.run([seams, "export", "--format", fmt, "--limit", "100000", "--db", db],
                         check=True, capture_output=True).stdout
    if fmt == "json":
        doc = json.loads(out)  # feedparser does not read JSON Feed; check the JSON Feed 1.1 shape instead
        entries, problem = doc["items"], None
        assert doc["version"] == "https://jsonfeed.org/version/1.1"
        assert all("id" in i and ("content_html" in i or "content_text" in i) for i in entries)
    else:
        parsed = feedparser.parse(out)
        entries, problem = parsed.entries, parsed.get("bozo_exception")
    related = sum(1 for c in clusters if len(c["articles"]) > 1)
    print("%-4s %d entries for %d clusters (%d with copies), well-formed: %s" % (
        fmt, len(entries), len(clusters), related, "yes" if problem is None else "NO: %s" % problem))
    if problem is not None or len(entries) != len(clusters):
        sys.exit(1)
