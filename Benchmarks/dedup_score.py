#!/usr/bin/env python3
"""Syncs the dedup quality corpus through `seams sync`, scores `seams clusters --json` against the truth, and runs
datasketch's MinHashLSH (connected components) on the same texts, side by side.

Usage: python3 Benchmarks/dedup_score.py SEAMS_BINARY CORPUS_DIR
"""
import collections
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata

seams, corpus = sys.argv[1], sys.argv[2]
truth = json.load(open(os.path.join(corpus, "truth.json"), encoding="utf-8"))
db = os.path.join(corpus, "bench.sqlite")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db + suffix):
        os.remove(db + suffix)

started = time.time()
rounds = sorted(os.listdir(os.path.join(corpus, "rounds"))) if os.path.isdir(os.path.join(corpus, "rounds")) else [None]
for round_name in rounds:  # the outlets world arrives in rounds: each round's feeds replace the last
    if round_name is not None:
        folder = os.path.join(corpus, "rounds", round_name)
        for name in os.listdir(folder):
            shutil.copyfile(os.path.join(folder, name), os.path.join(corpus, "feeds", name))
    subprocess.run([seams, "sync", os.path.join(corpus, "feeds.opml"), "--db", db], check=True, stdout=subprocess.DEVNULL)
sync_seconds = time.time() - started
listing = json.loads(subprocess.run([seams, "clusters", "--json", "--limit", "10000000", "--db", db], check=True,
                                    capture_output=True, text=True).stdout)
predicted, guid_of = {}, {}
for cluster in listing["clusters"]:
    for article in cluster["articles"]:
        predicted[article["guid"]] = cluster["id"]
        guid_of[article["id"]] = article["guid"]
composites = {guid_of[c["article"]["id"]]: c for c in listing["composites"]}


def pairs(n):
    return n * (n - 1) // 2


def pairwise(assignment):
    """Precision, recall, F1 of same-story pairs; composites are stories of their own."""
    gold_sizes = collections.Counter(truth[g]["story"] for g in assignment)
    predicted_groups = collections.defaultdict(list)
    for guid, cluster in assignment.items():
        predicted_groups[cluster].append(guid)
    tp = sum(pairs(n) for members in predicted_groups.values()
             for n in collections.Counter(truth[g]["story"] for g in members).values())
    predicted_pairs = sum(pairs(len(m)) for m in predicted_groups.values())
    gold_pairs = sum(pairs(n) for n in gold_sizes.values())
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    # Hard negatives: ECB+ reports of one event by different outlets (different texts) must never share a cluster.
    event_merges = 0
    for members in predicted_groups.values():
        reports = [g for g in members if truth[g]["event"]]
        event_merges += sum(1 for i, a in enumerate(reports) for b in reports[i + 1:]
                            if truth[a]["event"] == truth[b]["event"] and truth[a]["story"] != truth[b]["story"])
    byte_groups = collections.defaultdict(list)
    for guid, t in truth.items():
        if guid.startswith("reuters") and guid in assignment:
            byte_groups[t["text"]].append(guid)
    identical = [g for g in byte_groups.values() if len(g) > 1]
    identical_ok = sum(1 for g in identical if len({assignment[x] for x in g}) == 1)
    return precision, recall, f1, event_merges, identical_ok, len(identical)


seams_scores = pairwise(predicted)

gold_composites = {g for g, t in truth.items() if t["kind"] in ("composite", "roundup")}
found = set(composites) & set(predicted)
tp_c = len(found & gold_composites)
composite_precision = tp_c / len(found) if found else 1.0
composite_recall = tp_c / len(gold_composites)


def iou(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


attributed = total_passages = 0
for guid in gold_composites:
    for passage in truth[guid]["passages"]:
        if passage["words"] < 40:
            continue
        total_passages += 1
        candidates = composites.get(guid, {}).get("sources", [])
        if any(truth[guid_of[s["article"]]]["story"] == passage["story"] and
               any(iou(span, passage["span"]) >= 0.8 for span in s["spans"]) for s in candidates):
            attributed += 1

# datasketch MinHashLSH on the same texts: word 5-shingles of NFC, lower-cased text; threshold 0.5; components.
from datasketch import MinHash, MinHashLSH  # noqa: E402

ds_started = time.time()
lsh = MinHashLSH(threshold=0.5, num_perm=128)
parent = {}


def find(x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


for guid, t in truth.items():
    words = unicodedata.normalize("NFC", t["text"]).lower().split()
    m = MinHash(num_perm=128)
    m.update_batch([" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))])
    parent[guid] = guid
    for other in lsh.query(m):
        parent[find(guid)] = find(other)
    lsh.insert(guid, m)
ds_seconds = time.time() - ds_started
datasketch_scores = pairwise({g: find(g) for g in truth})

n = len(truth)
print("| system | pairwise precision | recall | F1 | ECB+ same-event pairs merged | Reuters identical groups clustered | composites P / R | passages (40+ words) attributed, IoU ≥ 0.8 | time |")
print("|---|---|---|---|---|---|---|---|---|")
p, r, f, e, ok, groups = seams_scores
print("| Seams (`seams sync` + `clusters --json`) | %.4f | %.4f | %.4f | %d | %d / %d | %.3f / %.3f | %d / %d (%.1f %%) | %.1f s (%.0f articles/s end to end) |"
      % (p, r, f, e, ok, groups, composite_precision, composite_recall, attributed, total_passages,
         100 * attributed / max(1, total_passages), sync_seconds, n / sync_seconds))
p, r, f, e, ok, groups = datasketch_scores
print("| datasketch MinHashLSH 0.5, components | %.4f | %.4f | %.4f | %d | %d / %d | n/a | n/a | %.1f s |" % (p, r, f, e, ok, groups, ds_seconds))
kinds = collections.Counter(t["kind"] for t in truth.values())
missed = collections.Counter(truth[g]["kind"] for g in truth
                             if truth[g]["kind"] not in ("original", "short", "composite", "roundup")
                             and predicted.get(g) != predicted.get(next((o for o in truth if truth[o]["story"] == truth[g]["story"]
                                                                         and truth[o]["kind"] in ("original", "short")), None)))
print()
print("Articles: %d (%s). Planted copies not in their original's cluster, by kind: %s" % (
    n, ", ".join("%s %d" % kv for kv in sorted(kinds.items())), dict(missed) or "none"))
print("Recall by kind (copies in their original's cluster): " + ", ".join(
    "%s %.3f" % (k, 1 - missed.get(k, 0) / kinds[k]) for k in sorted(kinds) if k not in ("original", "short", "composite", "roundup")))


def covered(spans, passage):
    """The share of the passage's characters that the reported spans cover."""
    start, end = passage["span"]
    hit = set()
    for a, b in spans:
        hit.update(range(max(a, start), min(b, end)))
    return len(hit) / max(1, end - start)


found_roundups = [g for g in gold_composites if truth[g]["kind"] == "roundup" and g in composites]
roundup_passages = sum(len(truth[g]["passages"]) for g in gold_composites if truth[g]["kind"] == "roundup")
roundup_attributed = sum(
    1 for g in found_roundups for passage in truth[g]["passages"]
    if any(truth[guid_of[s["article"]]]["story"] == passage["story"] and covered(s["spans"], passage) >= 0.8
           for s in composites[g]["sources"]))
if roundup_passages:
    print("Roundups found: %d / %d; their passages attributed (right story, >= 80 %% covered): %d / %d (%.3f)" % (
        len(found_roundups), sum(1 for g in gold_composites if truth[g]["kind"] == "roundup"), roundup_attributed,
        roundup_passages, roundup_attributed / roundup_passages))
canonical_teasers = sum(1 for c in listing["clusters"] if truth.get(guid_of[c["canonical"]], {}).get("kind") in ("teaser", "truncated", "lead")
                        and len(c["articles"]) > 1)
partial_kinds = ("teaser", "truncated", "lead")
with_partials = [c for c in listing["clusters"] if len(c["articles"]) > 1
                 and any(truth[a["guid"]]["kind"] in partial_kinds for a in c["articles"])
                 and any(truth[a["guid"]]["kind"] not in partial_kinds for a in c["articles"])]
print("Clusters whose canonical article is a teaser, truncation or lead: %d; of the %d clusters holding a teaser and a "
      "fuller copy, canonical = a fuller copy in %.1f %%" % (
          canonical_teasers, len(with_partials),
          100 * sum(1 for c in with_partials if truth[guid_of[c["canonical"]]]["kind"] not in partial_kinds)
          / max(1, len(with_partials))))
long_passages = [(g, passage) for g in gold_composites for passage in truth[g]["passages"] if passage["words"] >= 40]
long_attributed = sum(
    1 for g, passage in long_passages if g in composites
    and any(truth[guid_of[s["article"]]]["story"] == passage["story"] and covered(s["spans"], passage) >= 0.8
            for s in composites[g]["sources"]))
print("Passages of 40+ words attributed (right story, >= 80 %% of the passage covered): %d / %d (%.3f)" % (
    long_attributed, len(long_passages), long_attributed / max(1, len(long_passages))))

# What the deduplicator's tables cost on disk per article (SQLite's dbstat: tables with their indexes).
import sqlite3  # noqa: E402

connection = sqlite3.connect(db)
sizes = dict(connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
articles = connection.execute("SELECT COUNT(*) FROM article").fetchone()[0]
parts = {}
for table in ("bandPosting", "printPosting", "articlePosting", "boilerplateLine"):
    # The table in both its levels (bandPostingRecent), and its indexes.
    parts[table] = sum(size for name, size in sizes.items()
                       if name in (table, table + "Recent") or name.startswith(table + "_on_"))
parts["signatures (in article)"] = connection.execute("SELECT SUM(LENGTH(signature)) FROM article").fetchone()[0] or 0
print("\nOn disk per article: " + ", ".join("%s %.2f KB" % (k, v / articles / 1000) for k, v in parts.items())
      + "; total %.2f KB" % (sum(parts.values()) / articles / 1000))
