"""Writes one story copied 2,000 times — four feeds of 500 exact copies of one Reuters-21578 story, each under its own
outlet's link — and an OPML of them, to time how joining a widely copied story scales:
`/usr/bin/time seams sync WORKDIR/wide.opml --db WORKDIR/wide.sqlite`.

usage: python3 Benchmarks/wide_story.py SHARED_DIR WORKDIR [FEEDS] [COPIES_PER_FEED]
"""
import html, json, os, sys

shared, work = sys.argv[1], sys.argv[2]
feeds = int(sys.argv[3]) if len(sys.argv) > 3 else 4
copies = int(sys.argv[4]) if len(sys.argv) > 4 else 500
os.makedirs(work, exist_ok=True)
with open(os.path.join(shared, "corpus", "en_reuters21578.jsonl"), encoding="utf-8") as f:
    story = next(d for d in map(json.loads, f) if len(d["text"].split()) > 200)
body = html.escape("".join(f"<p>{html.escape(p)}</p>" for p in story["text"].split("\n") if p.strip()))
outlines = []
for feed in range(feeds):
    items = "".join(
        f"<item><guid>w{feed}-{i}</guid><title>{html.escape(story['title'])}</title>"
        f"<link>https://outlet{feed}.example/{i}</link><pubDate>Wed, 02 Dec 2026 0{feed % 10}:{i % 60:02d}:00 GMT"
        f"</pubDate><description>{body}</description></item>"
        for i in range(copies)
    )
    path = os.path.join(os.path.abspath(work), f"feed{feed}.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>outlet {feed}</title>{items}</channel></rss>')
    outlines.append(f'<outline type="rss" xmlUrl="file://{path}"/>')
with open(os.path.join(work, "wide.opml"), "w", encoding="utf-8") as f:
    f.write(f'<opml version="2.0"><body>{"".join(outlines)}</body></opml>')
print(f"{feeds * copies} copies of {story['title']!r} in {work}/wide.opml")
