"""Ingest as the store grows (issue: flat ingest): rounds of `seams sync` over four feeds whose items are new stories
and, from the second round on, copies of earlier ones (exact reposts under another outlet's furniture, light edits,
teasers). The stories are Reuters-21578's from ../shared/corpus and, past its ~16,000 distinct texts, stories made from
them (see `made`), whose shingle document frequencies are printed beside the real corpus's. Prints articles/s, CPU
milliseconds per article, peak RSS and the store's size per round, and the ratio of the last round's speed to the
first's and to the second's (the first with copies).

usage: python3 Benchmarks/growth_bench.py SEAMS_BINARY SHARED_DIR WORKDIR [ROUNDS] [NEW_PER_ROUND] [COPIES_PER_ROUND]
SEAMS_GROWTH_PERF=2,8 profiles those rounds with perf (WORKDIR/perf-ROUND.data).
"""
import html, json, os, random, re, shutil, subprocess, sys, time

seams, shared, work = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 8
fresh = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
copies = int(sys.argv[6]) if len(sys.argv) > 6 else 500
rng = random.Random(1)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
stories, seen = [], set()
with open(os.path.join(shared, "corpus", "en_reuters21578.jsonl"), encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        paragraphs = [" ".join(p.split()) for p in d["text"].split("\n") if p.strip()]
        key = " ".join(" ".join(paragraphs).split()[:40])
        if len(key.split()) >= 40 and key not in seen:
            seen.add(key)
            stories.append({"title": d["title"], "paragraphs": paragraphs})
real = len(stories)
rng.shuffle(stories)

# Past the corpus's real texts, stories are made from them: a real story with every word outside the corpus's most
# frequent ones replaced, consistently within the story, by another word of about the same frequency rank. The
# function words (the FUNCTION most frequent) always stay, and each other frequent word stays with a chance of one in
# two, so that stock phrases ("said in a statement", "the company said it") stay about as common as real news has
# them; names, figures and content words are new, so a made story is no copy of its base. A store of a million holds
# some sixty made stories of each base: had they kept every frequent word, they would share every run of frequent
# words — sixty templates of each story, which real news does not have (the frequencies printed below are measured
# among made stories of shared bases, as densely as the store holds them).
counts = {}
for s in stories:
    for p in s["paragraphs"]:
        for w in p.split():
            counts[w] = counts.get(w, 0) + 1
ranked = sorted(counts, key=lambda w: -counts[w])
rank = {w: i for i, w in enumerate(ranked)}
FUNCTION, FREQUENT = 150, 1500


def made(n):
    base = stories[n % real]
    story_rng = random.Random(n)
    mapping = {}

    def swap(w):
        r = rank.get(w, len(ranked) - 1)
        if r < FUNCTION:
            return w
        if w not in mapping:
            if r < FREQUENT and story_rng.random() < 0.5:
                mapping[w] = w
            else:
                band = max(50, r // 4)  # a word of about the same rank, so frequencies keep their shape
                low = FUNCTION if r < FREQUENT else FREQUENT
                mapping[w] = ranked[min(len(ranked) - 1, max(low, r - band + story_rng.randrange(2 * band)))]
        return mapping[w]

    return {"title": " ".join(swap(w) for w in base["title"].split()),
            "paragraphs": [" ".join(swap(w) for w in p.split()) for p in base["paragraphs"]]}


def story(n):
    return stories[n] if n < real else made(n)


def shingle_frequencies(texts):
    """The share of shingles (5 words) found in 1, 2-3, 4-15, 16-63 and 64 or more of `texts`."""
    df = {}
    for t in texts:
        words = t.lower().split()
        for h in {hash(tuple(words[i:i + 5])) for i in range(len(words) - 4)}:
            df[h] = df.get(h, 0) + 1
    buckets = [(1, 1), (2, 3), (4, 15), (16, 63), (64, 1 << 60)]
    total = sum(df.values())
    return [sum(d for d in df.values() if lo <= d <= hi) / total for lo, hi in buckets]


sample = min(5000, real)
stored = rounds * (fresh + copies)
siblings = max(1, -(-stored // real) - 1)  # made stories per base in a store this size
real_df = shingle_frequencies(" ".join(s["paragraphs"]) for s in stories[:sample])
made_df = shingle_frequencies(" ".join(made(real * (1 + j) + i)["paragraphs"])
                              for i in range(-(-sample // siblings)) for j in range(siblings))
print(f"{real} real stories; shingle document frequencies in {sample} real stories and in {sample} made ones, "
      f"{siblings} of each base as in a store of {stored} (share of shingle occurrences in 1 | 2-3 | 4-15 | 16-63 | "
      "64+ stories):")
print("  real: " + " | ".join(f"{x:.3f}" for x in real_df))
print("  made: " + " | ".join(f"{x:.3f}" for x in made_df))
outlets = ["wire", "globe", "courier", "herald"]
furniture = {o: (f"{o.title()} News — Subscribe for the morning briefing", f"© 2026 {o.title()} Media. All rights reserved.")
             for o in outlets}


def edited(paragraphs):
    words = " ".join(paragraphs).split()
    for _ in range(max(1, len(words) // 60)):
        words[rng.randrange(len(words))] = rng.choice(["said", "reported", "added", "noted"])
    return [" ".join(words)]


def item(outlet, guid, title, paragraphs):
    head, foot = furniture[outlet]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in [head, *paragraphs, foot])
    return (f"<item><guid>{guid}</guid><title>{html.escape(title)}</title><link>https://{outlet}.example/{guid}</link>"
            f"<description>{html.escape(body)}</description></item>")


opml = os.path.join(work, "feeds.opml")
with open(opml, "w") as f:
    f.write('<opml version="2.0"><body>' + "".join(
        f'<outline type="rss" xmlUrl="file://{os.path.abspath(work)}/{o}.xml"/>' for o in outlets) + "</body></opml>")
db = os.path.join(work, "growth.sqlite")
print("| round | new stories | copies | articles/s | CPU ms/article | peak RSS | store after |")
print("|---|---|---|---|---|---|---|")
first = second = None
began = time.time()
for r in range(rounds):
    items = {o: [] for o in outlets}
    batch = [story(n) for n in range(r * fresh, (r + 1) * fresh)]
    for i, s in enumerate(batch):
        items[outlets[i % 4]].append(item(outlets[i % 4], f"r{r}-{i}", s["title"], s["paragraphs"]))
    copied = 0
    if r > 0:
        for k in range(copies):
            s = story(rng.randrange(r * fresh))
            o = rng.choice(outlets)
            kind = k % 3
            paragraphs = s["paragraphs"] if kind == 0 else edited(s["paragraphs"]) if kind == 1 else \
                s["paragraphs"][:max(1, len(s["paragraphs"]) * 2 // 5)]
            items[o].append(item(o, f"r{r}-copy-{k}", s["title"], paragraphs))
            copied += 1
    for o in outlets:
        with open(os.path.join(work, f"{o}.xml"), "w", encoding="utf-8") as f:
            f.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{o}</title>{"".join(items[o])}</channel></rss>')
    started = time.time()
    command = ["/usr/bin/time", "-f", "%M %U %S", seams, "sync", opml, "--db", db]
    if str(r + 1) in os.environ.get("SEAMS_GROWTH_PERF", "").split(","):  # profile these rounds: perf-ROUND.data
        command = ["perf", "record", "-q", "-F", "199", "--call-graph", "dwarf,16384", "-o", os.path.join(work, f"perf-{r + 1}.data"), *command]
    out = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.time() - started
    rss_kb, user, system = out.stderr.strip().split("\n")[-1].split()
    rss, cpu = int(rss_kb) // 1024, float(user) + float(system)
    stored = re.search(r"holds (\d+) articles", out.stdout)
    rate = (fresh + copied) / elapsed
    first = first or rate
    second = rate if r == 1 else second
    print(f"| {r + 1} | {fresh} | {copied} | {rate:.0f} | {1000 * cpu / (fresh + copied):.2f} | {rss} MB | {stored.group(1) if stored else '?'} articles |")
print(f"{rounds} rounds in {(time.time() - began) / 60:.0f} min")
print(f"last round / first round: {rate / first:.2f}" + (f"; last round / second round: {rate / second:.2f}" if second else ""))

# What the candidate indexes and the learned furniture cost on disk per stored article (SQLite's dbstat).
import sqlite3  # noqa: E402

connection = sqlite3.connect(db)
sizes = dict(connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
articles = connection.execute("SELECT COUNT(*) FROM article").fetchone()[0]
# Each posting index in both its levels (bandPosting and bandPostingRecent, ...).
parts = {table: sum(size for name, size in sizes.items() if name.startswith(table))
         for table in ("bandPosting", "printPosting", "articlePosting", "boilerplateLine")}
parts["signatures (in article)"] = connection.execute("SELECT SUM(LENGTH(signature)) FROM article").fetchone()[0] or 0
print("On disk per article: " + ", ".join(f"{k} {v / articles / 1000:.2f} KB" for k, v in parts.items())
      + f"; total {sum(parts.values()) / articles / 1000:.2f} KB")
