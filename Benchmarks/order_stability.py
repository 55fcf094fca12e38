#!/usr/bin/env python3
"""Arrival-order stability: syncs one world's rounds three times, with the feeds listed in three different orders
(the OPML's, reversed, and shuffled by a seed), and compares the runs' partitions (pairwise F1 of same-cluster pairs
between each two runs) and the stitched pages each found.

Usage: python3 Benchmarks/order_stability.py SEAMS_BINARY CORPUS_DIR [SEED]
CORPUS_DIR is a world written by dedup_corpus.py (feeds/, feeds.opml, rounds/ when it has rounds).
"""
import itertools
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys

seams, corpus = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
opml = open(os.path.join(corpus, "feeds.opml"), encoding="utf-8").read()
outlines = re.findall(r"<outline [^>]*/>", opml)
orders = [outlines, outlines[::-1], random.Random(seed).sample(outlines, len(outlines))]
rounds_dir = os.path.join(corpus, "rounds")
rounds = sorted(os.listdir(rounds_dir)) if os.path.isdir(rounds_dir) else [None]


def run(index, order):
    """Syncs every round with the feeds in `order`; returns {guid: cluster} and the guids of stitched pages."""
    db = os.path.join(corpus, "order-%d.sqlite" % index)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    listing = os.path.join(corpus, "feeds-order-%d.opml" % index)
    head, tail = opml.split(outlines[0], 1)[0], opml.rsplit(outlines[-1], 1)[1]
    with open(listing, "w", encoding="utf-8") as f:
        f.write(head + "\n".join(order) + tail)
    for round_name in rounds:
        if round_name is not None:
            folder = os.path.join(rounds_dir, round_name)
            for name in os.listdir(folder):
                shutil.copyfile(os.path.join(folder, name), os.path.join(corpus, "feeds", name))
        subprocess.run([seams, "sync", listing, "--db", db], check=True, stdout=subprocess.DEVNULL)
    connection = sqlite3.connect(db)
    assignment = dict(connection.execute("SELECT guid, clusterId FROM article"))
    stitched = {guid for (guid,) in connection.execute("SELECT guid FROM article WHERE isComposite = 1")}
    return assignment, stitched


def same_cluster_pairs(assignment):
    groups = {}
    for guid, cluster in assignment.items():
        groups.setdefault(cluster, []).append(guid)
    return {pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)}


runs = [run(index, order) for index, order in enumerate(orders)]
print("| runs | pairwise F1 between partitions | stitched pages found | in both |")
print("|---|---|---|---|")
for (i, (a, sa)), (j, (b, sb)) in itertools.combinations(enumerate(runs), 2):
    pa, pb = same_cluster_pairs(a), same_cluster_pairs(b)
    common = len(pa & pb)
    f1 = 2 * common / (len(pa) + len(pb)) if pa or pb else 1.0
    print("| %d vs %d | %.4f | %d / %d | %d |" % (i + 1, j + 1, f1, len(sa), len(sb), len(sa & sb)))
