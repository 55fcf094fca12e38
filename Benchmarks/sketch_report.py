#!/usr/bin/env python3
"""Joins the sketching results of Seams, its Python peers and the C physical-limit loop into one table with ratios."""
import json
import sys

rows = []
for path in sys.argv[1:]:
    for line in open(path):
        line = line.strip()
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        if "mode" in r:  # ../shared/bench/minhash_limit.c
            if r["mode"] in ("kperm32", "oph"):
                rows.append(("C loop `%s` (tokenize on spaces, no normalization; -O3 -march=native)" % r["mode"], r["MB_per_s"]))
        else:
            rows.append((r["engine"], r["mb_per_s"]))
seams = next(mb for name, mb in rows if name == "seams")
print("| engine (raw text → 5-shingles → 128-value MinHash, one core) | MB/s | Seams is … × faster |")
print("|---|---|---|")
for name, mb in rows:
    label = "Seams (NFC, case folding, tone placement, boilerplate lines; OPH + densification)" if name == "seams" else name
    print("| %s | %.1f | %s |" % (label, mb, "—" if name == "seams" else "%.2f" % (seams / mb)))
