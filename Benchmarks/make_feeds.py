#!/usr/bin/env python3
"""Writes large feeds of each format from the real articles in ../shared/corpus, for `make bench`.

Usage: python3 Benchmarks/make_feeds.py SHARED_DIR OUT_DIR
Reuters-21578 is used here for benchmarking only (its license allows research use); nothing generated is
committed or shipped.
"""
import datetime
import html
import json
import os
import sys
from xml.sax.saxutils import escape

shared, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
records = []
for name in ["vi_binhvq_sample.jsonl", "en_ecbplus_event_clusters.jsonl", "vi_danes_titles_leads.jsonl", "en_reuters21578.jsonl"]:
    with open(os.path.join(shared, "corpus", name), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["text"]:
                records.append(r)
base = datetime.datetime(2023, 3, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
TARGET = int(os.environ.get("SEAMS_BENCH_FEED_BYTES", str(8_000_000)))


def items():
    i = 0
    while True:
        r = records[i % len(records)]
        paragraphs = "".join("<p>%s</p>" % html.escape(p, quote=False) for p in r["text"].replace("\x03", "").split("\n") if p.strip())
        yield {"id": "%s-%d" % (r["id"], i), "title": (r["title"] or r["text"].split("\n")[0][:80]).replace("\x03", ""),
               "link": "https://bench.example/%d" % i, "date": base + datetime.timedelta(minutes=i),
               "html": paragraphs, "summary": r["text"].split("\n")[0][:200].replace("\x03", "")}
        i += 1


def fill(write_item):
    parts, size = [], 0
    for it in items():
        text = write_item(it)
        parts.append(text)
        size += len(text.encode())
        if size >= TARGET:
            return parts


def rss2():
    body = fill(lambda it: "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description>"
                "<content:encoded><![CDATA[%s]]></content:encoded></item>\n" % (
                    escape(it["title"]), it["link"], it["id"], it["date"].strftime("%a, %d %b %Y %H:%M:%S %z"),
                    escape(it["summary"]), it["html"]))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            "<channel><title>Bench</title><link>https://bench.example/</link><description>d</description>\n"
            + "".join(body) + "</channel></rss>\n")


def atom():
    body = fill(lambda it: "<entry><id>%s</id><title>%s</title><link href=\"%s\"/><updated>%s</updated><summary>%s</summary>"
                "<content type=\"html\">%s</content></entry>\n" % (
                    it["id"], escape(it["title"]), it["link"], it["date"].isoformat(), escape(it["summary"]), escape(it["html"])))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title>'
            "<id>urn:bench</id><updated>2023-03-01T00:00:00Z</updated>\n" + "".join(body) + "</feed>\n")


def rdf():
    body = fill(lambda it: "<item rdf:about=\"%s\"><title>%s</title><link>%s</link><dc:date>%s</dc:date><description>%s</description></item>\n"
                % (it["link"], escape(it["title"]), it["link"], it["date"].isoformat(), escape(it["html"])))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://bench.example/">'
            "<title>Bench</title><link>https://bench.example/</link><description>d</description></channel>\n"
            + "".join(body) + "</rdf:RDF>\n")


def jsonfeed():
    entries = fill(lambda it: json.dumps({"id": it["id"], "url": it["link"], "title": it["title"], "date_published": it["date"].isoformat(),
                                          "summary": it["summary"], "content_html": it["html"]}, ensure_ascii=False))
    return '{"version": "https://jsonfeed.org/version/1.1", "title": "Bench", "items": [\n' + ",\n".join(entries) + "\n]}\n"


for name, build in [("bench-rss2.xml", rss2), ("bench-atom.xml", atom), ("bench-rss1.rdf", rdf), ("bench-jsonfeed.json", jsonfeed)]:
    data = build().encode("utf-8")
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    print("wrote %s: %.1f MB" % (name, len(data) / 1e6), file=sys.stderr)
