"""Ingest as the store grows (issue: flat ingest) — a first version: rounds of `seams sync` over four feeds whose items
are new Reuters-21578 stories from ../shared/corpus, plus, from the second round on, copies of earlier ones (exact
reposts under another outlet's furniture, light edits, teasers). Prints articles/s, peak RSS and the store's size per
round, and the ratio of the last round's speed to the first's.

Not yet: stores beyond the corpus's ~20,000 real texts (recombined paragraphs, substituted names and figures) and the
document-frequency comparison with the real corpus — the issue asks for both.

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
needed = rounds * fresh
if len(stories) < needed:
    sys.exit(f"the corpus has {len(stories)} distinct stories; {rounds} rounds of {fresh} need {needed}")
rng.shuffle(stories)
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
print("| round | new stories | copies | articles/s | peak RSS | store after |")
print("|---|---|---|---|---|---|")
first = None
for r in range(rounds):
    items = {o: [] for o in outlets}
    batch = stories[r * fresh:(r + 1) * fresh]
    for i, s in enumerate(batch):
        items[outlets[i % 4]].append(item(outlets[i % 4], f"r{r}-{i}", s["title"], s["paragraphs"]))
    made = 0
    if r > 0:
        earlier = stories[:r * fresh]
        for k in range(copies):
            s = rng.choice(earlier)
            o = rng.choice(outlets)
            kind = k % 3
            paragraphs = s["paragraphs"] if kind == 0 else edited(s["paragraphs"]) if kind == 1 else \
                s["paragraphs"][:max(1, len(s["paragraphs"]) * 2 // 5)]
            items[o].append(item(o, f"r{r}-copy-{k}", s["title"], paragraphs))
            made += 1
    for o in outlets:
        with open(os.path.join(work, f"{o}.xml"), "w", encoding="utf-8") as f:
            f.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{o}</title>{"".join(items[o])}</channel></rss>')
    started = time.time()
    command = ["/usr/bin/time", "-f", "%M", seams, "sync", opml, "--db", db]
    if str(r + 1) in os.environ.get("SEAMS_GROWTH_PERF", "").split(","):  # profile these rounds: perf-ROUND.data
        command = ["perf", "record", "-q", "-F", "499", "-g", "-o", os.path.join(work, f"perf-{r + 1}.data"), *command]
    out = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.time() - started
    rss = int(out.stderr.strip().split("\n")[-1]) // 1024
    stored = re.search(r"holds (\d+) articles", out.stdout)
    rate = (fresh + made) / elapsed
    first = first or rate
    print(f"| {r + 1} | {fresh} | {made} | {rate:.0f} | {rss} MB | {stored.group(1) if stored else '?'} articles |")
print(f"last round / first round: {rate / first:.2f}")
