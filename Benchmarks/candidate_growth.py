"""What an arrival's fingerprints found, as the store grew: for a sample of the articles stored in each stretch of ids
(a store written by `growth_bench.py`, say), the fingerprint postings an arrival would have read then (articles of
smaller id only, capped at maximumFingerprintFrequency + 1 per key as the deduplicator reads them), how many of its
fingerprints were stock (in more than the cap), how many earlier articles shared at least the three fingerprints a
substantial passage guarantees (the deduplicator's strong candidates, all verified, before its cap of 64) and how many
shared two (verified only when they may matter, as those sharing one). Read-only; it does not need Seams.

usage: python3 Benchmarks/candidate_growth.py STORE.sqlite [STRETCHES] [SAMPLE_PER_STRETCH]
"""
import random, sqlite3, struct, sys

path = sys.argv[1]
stretches = int(sys.argv[2]) if len(sys.argv) > 2 else 10
sample = int(sys.argv[3]) if len(sys.argv) > 3 else 200
cap = 50
decisive = 3  # DedupConfiguration.substantialPassagePrints: (30 - 5 + 1) // 8
connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
tables = [name for (name,) in connection.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('printPosting', 'printPostingRecent')")]
top = connection.execute("SELECT MAX(articleId) FROM articlePosting").fetchone()[0]
rng = random.Random(1)
print("| articles stored before | postings read per arrival | stock fingerprints | strong candidates | sharing two |")
print("|---|---|---|---|---|")
for stretch in range(stretches):
    low, high = top * stretch // stretches + 1, top * (stretch + 1) // stretches
    ids = [row[0] for row in connection.execute(
        "SELECT articleId FROM articlePosting WHERE articleId BETWEEN ? AND ?", (low, high))]
    picked = rng.sample(ids, min(sample, len(ids)))
    read = stock = strong = two = 0
    for article in picked:
        blob = connection.execute("SELECT printKeys FROM articlePosting WHERE articleId = ?", (article,)).fetchone()[0]
        keys = [struct.unpack("<i", blob[i:i + 4])[0] for i in range(0, len(blob) - 3, 4)]
        shared = {}
        for key in keys:
            earlier = []
            for table in tables:
                earlier += [row[0] for row in connection.execute(
                    f"SELECT articleId FROM {table} WHERE key = ? AND articleId < ? ORDER BY articleId LIMIT ?",
                    (key, article, cap + 1))]
            earlier = sorted(earlier)[:cap + 1]
            read += len(earlier)
            if len(earlier) > cap:
                stock += 1
                continue
            for other in earlier:
                shared[other] = shared.get(other, 0) + 1
        strong += sum(1 for count in shared.values() if count >= decisive)
        two += sum(1 for count in shared.values() if 1 < count < decisive)
    n = max(1, len(picked))
    print(f"| {low - 1} | {read / n:.1f} | {stock / n:.1f} | {strong / n:.2f} | {two / n:.2f} |")
