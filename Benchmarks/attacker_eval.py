"""The hostile-feed evaluation as the issue describes it: honest outlets' feeds synced, then one more feed anyone could
publish, synced on its own a moment later; then `clusters --json` is read and scored.

Honest: three outlets, 52 Reuters-21578 stories (from ../shared/corpus), 16 of them also carried by a second outlet
under its own link. Attacker: 30 entries, five of each attack — another outlet's link (tracking parameters added) on
another text dated 1999; chains (story A's text under story B's link); one text under two stories' links; exact copies
under the attacker's own link dated years back; exact copies under the story's own link dated two days back (within the
four days believed); a feed giving all its items one honest story's link.

Prints: honest stories merged (pairs of different honest stories in one cluster), canonical records taken over
(clusters holding an honest story whose canonical article is the attacker's), and the attacker's exact copies found in
their story's cluster.

With ATTACK_HTTP=1 the feeds are served over HTTP on 127.0.0.1 (one host for every outlet, as a test harness would
serve them; --allow-private-feeds is set) instead of read as files.

usage: python3 Benchmarks/attacker_eval.py SEAMS_BINARY SHARED_DIR WORKDIR [SEED]
"""
import functools, html, http.server, json, os, random, shutil, subprocess, sys, threading

seams, shared, work = sys.argv[1], sys.argv[2], sys.argv[3]
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
docs, seen = [], set()
with open(os.path.join(shared, "corpus", "en_reuters21578.jsonl"), encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        words = d["text"].split()
        key = " ".join(words[:30])
        if 80 <= len(words) <= 600 and key not in seen:
            seen.add(key)
            docs.append(d)
rng.shuffle(docs)
stories, spare = docs[:52], docs[52:200]
outlets = ["wire.example", "globe.example", "courier.example"]


def item(guid, title, link, date, text):
    body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f"<item><guid>{html.escape(guid)}</guid><title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
            f"<pubDate>{date}</pubDate><description>{html.escape(body)}</description></item>")


def write(name, items):
    path = os.path.join(work, name + ".xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{"".join(items)}</channel></rss>')
    return path


today = "Wed, 02 Dec 2026 %02d:00:00 GMT"
honest_items = {o: [] for o in outlets}
owner, link = {}, {}
for i, d in enumerate(stories):
    o = outlets[i % 3]
    owner[d["id"]], link[d["id"]] = o, f"https://{o}/story/{i}"
    honest_items[o].append(item(f"{o}-{i}", d["title"], link[d["id"]], today % (i % 12), d["text"]))
    if i < 16:  # carried by a second outlet too, under its own link, an hour later
        other = outlets[(i + 1) % 3]
        honest_items[other].append(item(f"{other}-copy-{i}", d["title"], f"https://{other}/copy/{i}",
                                        today % (i % 12 + 1), d["text"]))
honest = [write(o.split(".")[0], honest_items[o]) for o in outlets]

old, two_days = "Fri, 01 Jan 1999 00:00:00 GMT", "Mon, 30 Nov 2026 06:00:00 GMT"
attack, exact_copies = [], []
pick = rng.sample(stories, 30)
for k in range(5):  # another outlet's link on another text, 1999
    a = pick[k]
    attack.append(item(f"x-link-{k}", a["title"], link[a["id"]] + "?utm_source=feed", old, spare[k]["text"]))
for k in range(5):  # chains: A's text under B's link
    a, b = pick[5 + k], pick[10 + k]
    attack.append(item(f"x-chain-{k}", a["title"], link[b["id"]], today % 13, a["text"]))
    exact_copies.append((f"x-chain-{k}", a["id"]))
for k in range(5):  # one text under two stories' links
    a, b = pick[15 + k], pick[20 + k]
    for s in (a, b):
        attack.append(item(f"x-two-{k}-{s['id']}", "Two", link[s["id"]], today % 13, spare[10 + k]["text"]))
for k in range(5):  # exact copies under the attacker's link, dated years back
    a = pick[25 + k]
    attack.append(item(f"x-old-{k}", a["title"], f"https://attacker.example/{k}", old, a["text"]))
    exact_copies.append((f"x-old-{k}", a["id"]))
for k in range(5):  # exact copies under the story's own link, dated two days back
    a = pick[k]
    attack.append(item(f"x-own-{k}", a["title"] + " (full)", link[a["id"]] + "?ref=x", two_days, a["text"]))
    exact_copies.append((f"x-own-{k}", a["id"]))
front = link[pick[0]["id"]]
for k in range(5):  # items that all carry one honest story's link
    attack.append(item(f"x-front-{k}", spare[20 + k]["title"], front, today % 13, spare[20 + k]["text"]))
attacker = write("attacker", attack)

if os.environ.get("ATTACK_HTTP"):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=work)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    honest = [base + os.path.basename(path) for path in honest]
    attacker = base + os.path.basename(attacker)
    os.environ["SEAMS_ALLOW_PRIVATE_FEEDS"] = "true"
db = os.path.join(work, "eval.sqlite")
run = lambda *args: subprocess.run([seams, *args, "--db", db], check=False, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
run("sync", *honest)
run("sync", attacker)
listing = json.loads(subprocess.run([seams, "clusters", "--json", "--limit", "100000", "--db", db], check=True,
                                    capture_output=True, text=True).stdout)
by_guid = {}
story_of = {}  # honest article id -> story id
attacker_article = {}
feeds = {}
for cluster in listing["clusters"]:
    for a in cluster["articles"]:
        by_guid[a["guid"]] = (cluster["id"], a["id"])
        feeds[a["id"]] = a["feed"]
title_story = {}
for i, d in enumerate(stories):
    title_story[f"{owner[d['id']]}-{i}"] = d["id"]
    if i < 16:
        title_story[f"{outlets[(i + 1) % 3]}-copy-{i}"] = d["id"]
cluster_stories, canonical_of = {}, {}
for cluster in listing["clusters"]:
    canonical_of[cluster["id"]] = cluster["canonical"]
    cluster_stories[cluster["id"]] = {title_story[a["guid"]] for a in cluster["articles"] if a["guid"] in title_story}
merged = sum(len(s) * (len(s) - 1) // 2 for s in cluster_stories.values())
taken_list = [c for c, s in cluster_stories.items() if s and feeds[canonical_of[c]].endswith("attacker.xml")]
taken = len(taken_list)
if os.environ.get("SHOW"): print([[a["guid"] for a in cl["articles"]] for cl in listing["clusters"] if cl["id"] in taken_list])
story_cluster = {sid: c for c, s in cluster_stories.items() for sid in s}
found = sum(1 for guid, sid in exact_copies if guid in by_guid and by_guid[guid][0] == story_cluster.get(sid))
print(f"honest stories: 52 ({len(set(story_cluster))} clusters hold them); attacker entries: {len(attack)}")
print(f"honest story pairs merged: {merged}")
print(f"canonical records taken over: {taken}")
print(f"attacker's exact copies in their story's cluster: {found} / {len(exact_copies)}")
