#!/usr/bin/env python3
"""Builds the deduplication quality corpus: outlet feeds of real articles with planted copies, and the truth.

Usage: python3 Benchmarks/dedup_corpus.py SHARED_DIR OUT_DIR [--seed N] [--world classic|outlets]
Originals come from ../shared/corpus (Reuters-21578 for benchmarking only, ECB+, binhvq, DANeS). Planted: exact
reposts under other outlets' furniture, light edits, old-style tone and NFD variants, teasers and truncations,
composites of 2–5 stories interleaved like the seed with chrome between passages, and recycled reposts 60 days
later. Reuters' own byte-identical bodies and CORRECTED re-sends are real positives; ECB+ reports of one event by
different outlets are hard negatives (same event, different text). Writes OUT_DIR/feeds/*.xml, OUT_DIR/feeds.opml
and OUT_DIR/truth.json.

`--world outlets` (seeded by `--seed`) is the harder world of outlets Seams has never seen: every outlet wraps every
item in furniture of its own, generated per seed (a section line, bylines rotating among a few staff names, a share
line, a copyright or licence footer, newsletter and follow-us plugs, advertisement markers, in Vietnamese or
English); headline-and-lead items copied across outlets; teasers wearing furniture; CORRECTED / UPDATE / REFILE
re-sends with one changed figure; news roundups of one to three sentences from each of three to five stories under
their headlines; and four arrival rounds (OUT_DIR/rounds/rK/, which dedup_score.py syncs in turn) in which a third
of the teasers, leads and roundups arrive a round before their originals.
"""
import argparse
import datetime
import html
import json
import os
import random
import re
import sys
import unicodedata

arguments = argparse.ArgumentParser()
arguments.add_argument("shared")
arguments.add_argument("out")
arguments.add_argument("--seed", type=int, default=20261129)
arguments.add_argument("--world", choices=["classic", "outlets"], default="classic")
options = arguments.parse_args()
shared, out = options.shared, options.out
rng = random.Random(options.seed)
REUTERS = int(os.environ.get("SEAMS_BENCH_REUTERS", "3000"))
os.makedirs(os.path.join(out, "feeds"), exist_ok=True)


def load(name):
    with open(os.path.join(shared, "corpus", name), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def clean(text):
    """The paragraphs Seams' extractor will produce from <p> elements: controls dropped, whitespace collapsed."""
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    paragraphs = [" ".join(p.split()) for p in text.split("\n")]
    return [p for p in paragraphs if p]


docs = []  # {"id", "title", "paragraphs", "story", "kind", "lang", "event"}
for r in load("en_reuters21578.jsonl")[:REUTERS]:
    docs.append({"id": r["id"], "title": r["title"], "paragraphs": clean(r["text"]), "lang": "en", "kind": "original"})
for r in load("en_ecbplus_event_clusters.jsonl"):
    paragraphs = clean(r["text"])
    docs.append({"id": r["id"], "title": paragraphs[0][:100], "paragraphs": paragraphs[1:] or paragraphs, "lang": "en",
                 "kind": "original", "event": r["cluster"]})
for r in load("vi_binhvq_sample.jsonl"):
    if r["text"]:
        docs.append({"id": r["id"], "title": r["title"], "paragraphs": clean(r["text"]), "lang": "vi", "kind": "original"})
for r in load("vi_danes_titles_leads.jsonl")[:600]:
    if r["text"]:
        docs.append({"id": r["id"], "title": r["title"], "paragraphs": clean(r["text"]), "lang": "vi", "kind": "short"})
docs = [d for d in docs if d["paragraphs"]]

# The corpora's own duplicates are one story: Reuters' identical bodies, CORRECTED re-sends and updated versions,
# ECB+ reprints of one wire story by several outlets, binhvq's near-identical articles, DANeS' repeated items. They
# are labelled here, independently of Seams, by exact overlap of 5-word shingles (words = runs of letters and digits,
# lower-cased): Jaccard >= 0.5, or the smaller text (12+ words) >= 80 % contained in the larger; and CORRECTED titles
# join the first report of the same title. ECB+ reports of one event that are not copies stay apart: the hard negatives.
parent = {d["id"]: d["id"] for d in docs}


def find(x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def union(a, b):
    parent[find(a)] = find(b)


first_of_title, shingles_of, postings = {}, {}, {}
for d in docs:
    if d["id"].startswith("reuters"):
        title = re.sub(r"^CORRECTED\W*|\W*<\w+>$", "", d["title"]).strip()
        if "CORRECTED" in d["title"] and title in first_of_title:
            union(d["id"], first_of_title[title])
        first_of_title.setdefault(title, d["id"])
    words = re.findall(r"\w+", unicodedata.normalize("NFC", " ".join(d["paragraphs"])).lower())
    if d["kind"] == "short":
        words = re.findall(r"\w+", d["title"].lower()) + words
    shingles = {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}
    shingles_of[d["id"]] = (shingles, len(words))
    for sh in shingles:
        postings.setdefault(sh, []).append(d["id"])
shared = {}
for ids in postings.values():
    if 1 < len(ids) <= 40:
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                shared[(ids[i], ids[j])] = shared.get((ids[i], ids[j]), 0) + 1
for (a, b), n in shared.items():
    (sa, wa), (sb, wb) = shingles_of[a], shingles_of[b]
    smaller = min((len(sa), wa), (len(sb), wb))
    if n / (len(sa) + len(sb) - n) >= 0.5 or (smaller[1] >= 12 and n / smaller[0] >= 0.8):
        union(a, b)
for d in docs:
    d["story"] = find(d["id"])

originals = [d for d in docs if d["kind"] == "original" and sum(len(p.split()) for p in d["paragraphs"]) >= 80]
vietnamese = [d for d in originals if d["lang"] == "vi"]
CHROME = ["Video đang HOT", "TIN LIÊN QUAN", "Xem thêm", "Read more", "Advertisement", "Ảnh: REUTERS/TTXVN", "Photo: AP"]
OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe",
             "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}


def old_style(text):
    return re.sub(r"(oà|oá|oả|oã|oạ|oè|oé|oẻ|oẽ|oẹ|uỳ|uý|uỷ|uỹ|uỵ)\b", lambda m: OLD_TONES[m.group(1)], text)


def edit(paragraphs, share):
    words = " \n ".join(paragraphs).split(" ")
    for _ in range(max(1, int(len(words) * share))):
        i = rng.randrange(len(words))
        if words[i] != "\n":
            words[i] = rng.choice(["tuy nhiên", "however", "news", "báo", "today", "hôm nay"])
    return [p.strip() for p in " ".join(words).split("\n") if p.strip()]


planted = []


def plant(source, kind, paragraphs, title=None, **extra):
    planted.append(dict(id="%s-%s-%d" % (kind, source["id"], len(planted)), title=title or source["title"],
                        paragraphs=paragraphs, story=source["story"], kind=kind, lang=source["lang"],
                        sources=[source["id"]], **extra))


for d in rng.sample(originals, 300):
    plant(d, "repost", [rng.choice(CHROME)] + d["paragraphs"] + [rng.choice(CHROME)], title="REPOST: " + d["title"])
for d in rng.sample(originals, 300):
    plant(d, "edited", edit(d["paragraphs"], rng.uniform(0.01, 0.05)))
for d in vietnamese:
    plant(d, "old-tones", [old_style(p) for p in d["paragraphs"]])
    plant(d, "nfd", [unicodedata.normalize("NFD", p) for p in d["paragraphs"]])
for d in rng.sample(originals, 200):
    words = " ".join(d["paragraphs"]).split()
    plant(d, "teaser", [" ".join(words[: max(40, int(len(words) * rng.uniform(0.2, 0.4)))])])
for d in rng.sample(originals, 100):
    words = " ".join(d["paragraphs"]).split()
    plant(d, "truncated", [" ".join(words[: max(40, int(len(words) * rng.uniform(0.4, 0.7)))]) + "..."])
for d in rng.sample(originals, 100):
    plant(d, "recycled", d["paragraphs"], days_later=60)

def passages_of(pieces):
    """The spans, in the stitched text (its paragraphs joined by newlines), of the pieces that come from a story."""
    text, spans = "", []
    for source, paragraph in pieces:
        if text:
            text += "\n"
        if source is not None:
            spans.append({"story": source["story"], "span": [len(text), len(text) + len(paragraph)],
                          "words": len(paragraph.split())})
        text += paragraph
    return spans


# Composites: passages of 2–5 stories, the first one interrupted and resumed like the seed, chrome in between.
long_originals = [d for d in originals if sum(len(p.split()) for p in d["paragraphs"]) >= 150]
composites = []
for n in range(150):
    sources = rng.sample(long_originals, rng.randint(2, 5))
    pieces = []  # (source or None, paragraph)
    first_words = " ".join(sources[0]["paragraphs"]).split()
    cut = rng.randint(60, min(200, len(first_words) - 40))
    pieces.append((sources[0], " ".join(first_words[:cut])))
    for s in sources[1:]:
        pieces.append((None, rng.choice(CHROME)))
        words = " ".join(s["paragraphs"]).split()
        pieces.append((s, " ".join(words[: rng.randint(60, min(200, len(words)))])))
    pieces.append((None, rng.choice(CHROME)))
    pieces.append((sources[0], " ".join(first_words[cut:cut + rng.randint(40, 160)])))
    spans = passages_of(pieces)
    composites.append({"id": "composite-%d" % n, "title": sources[0]["title"], "paragraphs": [p for _, p in pieces],
                       "story": "composite-%d" % n, "kind": "composite", "lang": sources[0]["lang"], "passages": spans})

if options.world == "outlets":
    # Headline-and-lead items (15–40 words from the top of a story) copied by one or two more outlets.
    for d in rng.sample(originals, 150):
        words = " ".join(d["paragraphs"]).split()
        lead = " ".join(words[: rng.randint(15, 40)])
        for _ in range(rng.randint(1, 2)):
            plant(d, "lead", [lead], early=rng.random() < 0.33)
    for item in planted:
        if item["kind"] == "teaser":
            item["early"] = rng.random() < 0.33
    # Wire re-sends: CORRECTED / UPDATE / REFILE in the title, one figure changed.
    numbered = [d for d in originals if d["id"].startswith("reuters") and re.search(r"\b\d+(\.\d+)?\b", " ".join(d["paragraphs"]))]
    for d in rng.sample(numbered, min(100, len(numbered))):
        paragraphs = list(d["paragraphs"])
        candidates = [i for i, paragraph in enumerate(paragraphs) if re.search(r"\b\d+(\.\d+)?\b", paragraph)]
        i = rng.choice(candidates)
        paragraphs[i] = re.sub(r"\b\d+(\.\d+)?\b", lambda m: str(int(float(m.group(0))) + rng.randint(1, 9)), paragraphs[i], count=1)
        plant(d, "corrected", paragraphs, title=rng.choice(["CORRECTED - ", "UPDATE 1-", "REFILE-", "UPDATE 2-"]) + d["title"],
              same_feed=rng.random() < 0.5)
    # Short stories (15–79 words: Reuters briefs and earnings tables, Vietnamese title-and-lead items) copied too:
    # reposts under other furniture, NFD and old-style tone copies, and re-sends with one changed figure — half of
    # those in the original's own feed, as a wire re-sends its own story.
    short_stories = [d for d in docs if 15 <= sum(len(p.split()) for p in d["paragraphs"]) < 80]
    for d in rng.sample(short_stories, min(150, len(short_stories))):
        plant(d, "repost", d["paragraphs"], title="REPOST: " + d["title"])
    short_vi = [d for d in short_stories if d["lang"] == "vi"]
    for d in rng.sample(short_vi, min(60, len(short_vi))):
        plant(d, "old-tones", [old_style(p) for p in d["paragraphs"]])
    for d in rng.sample(short_stories, min(60, len(short_stories))):
        plant(d, "nfd", [unicodedata.normalize("NFD", p) for p in d["paragraphs"]])
    short_numbered = [d for d in short_stories if d["id"].startswith("reuters")
                      and re.search(r"\b\d+(\.\d+)?\b", " ".join(d["paragraphs"]))]
    for d in rng.sample(short_numbered, min(60, len(short_numbered))):
        paragraphs = list(d["paragraphs"])
        i = rng.choice([i for i, paragraph in enumerate(paragraphs) if re.search(r"\b\d+(\.\d+)?\b", paragraph)])
        paragraphs[i] = re.sub(r"\b\d+(\.\d+)?\b", lambda m: str(int(float(m.group(0))) + rng.randint(1, 9)), paragraphs[i], count=1)
        plant(d, "corrected", paragraphs, title=rng.choice(["CORRECTED - ", "UPDATE 1-", "REFILE-"]) + d["title"],
              same_feed=rng.random() < 0.5)
    # Roundups: a briefing of one to three sentences (15–40 words) from each of three to five stories, each under
    # its story's headline, between the roundup's own header and footer.
    for n in range(80):
        sources = rng.sample(long_originals, rng.randint(3, 5))
        vi = sources[0]["lang"] == "vi"
        pieces = [(None, rng.choice(["Điểm tin sáng nay", "Tin nhanh trong ngày", "Bản tin tổng hợp"] if vi
                                    else ["Morning briefing", "Today's top stories", "News in brief"]))]
        for source in sources:
            pieces.append((None, source["title"]))
            words = " ".join(source["paragraphs"]).split()
            pieces.append((source, " ".join(words[: rng.randint(15, 40)])))
        pieces.append((None, rng.choice(["Xem thêm tin tức khác", "Mời quý độc giả đón đọc"] if vi
                                        else ["More news later today", "That's all for this briefing"])))
        spans = passages_of(pieces)
        composites.append({"id": "roundup-%d" % n, "title": pieces[0][1], "paragraphs": [p for _, p in pieces],
                           "story": "roundup-%d" % n, "kind": "roundup", "lang": sources[0]["lang"], "passages": spans,
                           "sources": [s["id"] for s in sources], "early": rng.random() < 0.33})

everything = docs + planted + composites
OUTLETS = 20 if options.world == "classic" else 16
base = datetime.datetime(2023, 3, 1, tzinfo=datetime.timezone.utc)
order = {d["id"]: i for i, d in enumerate(docs)}
feeds = [[] for _ in range(OUTLETS)]
feed_of = {}
for i, d in enumerate(everything):
    # Originals appear first; copies an hour to a day later (recycled ones 60 days later).
    origin = order.get(d["id"]) if d["kind"] in ("original", "short") else None
    minutes = (origin if origin is not None else rng.randrange(len(docs))) + (0 if origin is not None else rng.randint(60, 1440))
    minutes += d.get("days_later", 0) * 1440
    if d.get("early"):
        minutes = order[d["sources"][0]] - rng.randint(60, 1440) if d["sources"][0] in order else minutes
    d["date"] = (base + datetime.timedelta(minutes=minutes)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    feed = rng.randrange(OUTLETS)
    if d.get("same_feed"):
        feed = feed_of[d["sources"][0]]
    feed_of[d["id"]] = feed
    feeds[feed].append(d)

ROUNDS = 4
rounds_of = {}
if options.world == "outlets":
    # Every item inside its outlet's furniture (composite spans move by what is put before them); four arrival
    # rounds: originals by their order, copies with or after their sources unless they are early.
    import outlet_furniture  # noqa: E402

    for n, items in enumerate(feeds):
        furniture = outlet_furniture.outlet_furniture(options.seed, n)
        for d in items:
            wrapped, shift, _ = outlet_furniture.wrap(furniture, d["paragraphs"], rng, ads="passages" not in d)
            d["paragraphs"] = wrapped
            for passage in d.get("passages") or []:
                passage["span"] = [passage["span"][0] + shift, passage["span"][1] + shift]
    for d in everything:
        if d["id"] in order:
            rounds_of[d["id"]] = min(ROUNDS - 1, ROUNDS * order[d["id"]] // len(docs))
    for d in everything:
        if d["id"] not in rounds_of:
            source_rounds = [rounds_of.get(s, 0) for s in d.get("sources", [])] or [0]
            rounds_of[d["id"]] = (max(0, min(source_rounds) - 1) if d.get("early")
                                  else min(ROUNDS - 1, max(source_rounds) + rng.randint(0, 1)))


def write_feed(path, n, items):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                "<channel><title>Outlet %d</title><link>https://outlet%d.example/</link><description>d</description>\n" % (n, n))
        for d in items:
            body = "".join("<p>%s</p>" % html.escape(p, quote=False) for p in d["paragraphs"])
            f.write("<item><title>%s</title><link>https://outlet%d.example/%s</link><guid>%s</guid><pubDate>%s</pubDate>"
                    "<content:encoded><![CDATA[%s]]></content:encoded></item>\n"
                    % (html.escape(d["title"], quote=False), n, d["id"], d["id"], d["date"], body.replace("]]>", "]]&gt;")))
        f.write("</channel></rss>\n")


opml = ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0"><head><title>dedup bench</title></head><body>']
for n, items in enumerate(feeds):
    name = "outlet-%02d.xml" % n
    if rounds_of:
        for k in range(ROUNDS):
            os.makedirs(os.path.join(out, "rounds", "r%d" % k), exist_ok=True)
            write_feed(os.path.join(out, "rounds", "r%d" % k, name), n, [d for d in items if rounds_of[d["id"]] == k])
    write_feed(os.path.join(out, "feeds", name), n, [d for d in items if rounds_of.get(d["id"], 0) == 0] if rounds_of else items)
    opml.append('<outline text="Outlet %d" xmlUrl="feeds/%s"/>' % (n, name))
opml.append("</body></opml>")
with open(os.path.join(out, "feeds.opml"), "w", encoding="utf-8") as f:
    f.write("\n".join(opml) + "\n")
truth = {d["id"]: {"story": d["story"], "kind": d["kind"], "event": d.get("event"), "passages": d.get("passages"),
                   "text": "\n".join(d["paragraphs"])} for d in everything}
with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
    json.dump(truth, f, ensure_ascii=False)
kinds = {}
for d in everything:
    kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
print(json.dumps({"world": options.world, "seed": options.seed, "articles": len(everything), "kinds": kinds,
                  "feeds": OUTLETS, "rounds": ROUNDS if rounds_of else 1}), file=sys.stderr)
