"""Parses the canonical feeds Seams served with feedparser, the reader library most Python tools use.

Usage: check_feeds.py FILE EXPECTED_ENTRIES [FILE EXPECTED_ENTRIES ...]
Exits 0 when every file parses without a bozo error, has the expected number of entries, and every entry has a
title, a link and an id; prints one line per problem otherwise.
"""
import json
import sys

import feedparser

problems = []
arguments = sys.argv[1:]
for path, expected in zip(arguments[::2], arguments[1::2]):
    if path.endswith(".json"):
        # feedparser 6.0 reads no JSON Feed; check the document against the JSON Feed 1.1 structure instead.
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        items = document.get("items", [])
        if not str(document.get("version", "")).startswith("https://jsonfeed.org/version/1"):
            problems.append(f"{path}: not a JSON Feed version: {document.get('version')!r}")
        if not document.get("title"):
            problems.append(f"{path}: the feed has no title")
        if len(items) != int(expected):
            problems.append(f"{path}: {len(items)} items, expected {expected}")
        for item in items:
            if not item.get("id") or not (item.get("content_html") or item.get("content_text")):
                problems.append(f"{path}: an item lacks an id or content: {item.get('id')}")
        print(f"{path}: version=jsonfeed entries={len(items)}")
        continue
    parsed = feedparser.parse(path)
    if parsed.bozo:
        problems.append(f"{path}: {parsed.bozo_exception!r}")
    if len(parsed.entries) != int(expected):
        problems.append(f"{path}: {len(parsed.entries)} entries, expected {expected}")
    for entry in parsed.entries:
        if not entry.get("title") or not entry.get("id"):
            problems.append(f"{path}: an entry lacks a title or an id: {entry.get('id')}")
    print(f"{path}: version={parsed.version} entries={len(parsed.entries)}")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
