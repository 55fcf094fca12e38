#!/usr/bin/env python3
"""Builds the demo feeds in Feeds/demo/ from the real articles in ../shared/corpus and the seed page.

Run from the repository root:  python3 Feeds/make_demo.py [PATH-TO-shared]
The output is committed, so users need neither this script nor ../shared. Reuters-21578 is never used here:
its license allows research use only. Dates are synthetic (the corpora carry none for most records).
"""
import datetime
import html
import json
import os
import sys
import unicodedata
from xml.sax.saxutils import escape, quoteattr

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo")
ICT = datetime.timezone(datetime.timedelta(hours=7))
EST = datetime.timezone(datetime.timedelta(hours=-5))
BASE = datetime.datetime(2023, 3, 8, 6, 0, tzinfo=ICT)


def load(name):
    with open(os.path.join(SHARED, "corpus", name), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


binhvq = [r for r in load("vi_binhvq_sample.jsonl") if r["text"]]
danes = load("vi_danes_titles_leads.jsonl")
ecb = load("en_ecbplus_event_clusters.jsonl")
with open(os.path.join(SHARED, "seeds", "000_4c968fb78eacb91a.txt"), encoding="utf-8") as f:
    seed = [line.rstrip("\n") for line in f]


def paragraphs_html(lines):
    return "".join("<p>%s</p>" % html.escape(line, quote=False) for line in lines if line.strip())


def at(hours):
    return BASE + datetime.timedelta(hours=hours)


def rfc822(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S %z")


def rfc3339(d):
    return d.isoformat()


# --- The seed, split into its four stories (see Feeds/README.md) ---------------------------------------------
story_a = {"title": seed[0], "lines": seed[1:8] + [seed[9]]}                 # US–Korea summit (line 9 is chrome)
story_b = {"title": seed[10], "lines": seed[11:25] + seed[27:30]}            # US–Japan alliance, resumed after the box
story_c = {"title": seed[25], "lines": [seed[26]]}                           # the related-story box: Japan/Australia patrol
d_title = "Bộ Tư lệnh LHQ: Hàn Quốc và Triều Tiên vi phạm hiệp định đình chiến"
d_text = seed[30][len(d_title):].strip().rstrip(".").rstrip()
story_d = {"title": d_title, "lines": [d_text]}                              # the UN Command story the teaser cuts short
stitched = {"title": seed[0], "lines": seed}                                 # the aggregator page, as the seed has it


def rss2(path, title, link, items, encoding="utf-8", version="2.0", language="vi"):
    out = ['<?xml version="1.0" encoding="%s"?>' % encoding]
    ns = ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    out.append('<rss version="%s"%s><channel>' % (version, ns if version == "2.0" else ""))
    out.append("<title>%s</title><link>%s</link><description>%s (demo feed built from real articles)</description>"
               % (escape(title), escape(link), escape(title)))
    out.append("<language>%s</language><ttl>30</ttl>" % language)
    for it in items:
        out.append("<item>")
        out.append("<title>%s</title>" % escape(it["title"]))
        out.append("<link>%s</link>" % escape(it["link"]))
        if version == "2.0":
            out.append('<guid isPermaLink="false">%s</guid>' % escape(it["guid"]))
            out.append("<pubDate>%s</pubDate>" % rfc822(it["date"]))
            if it.get("author"):
                out.append("<dc:creator>%s</dc:creator>" % escape(it["author"]))
            for c in it.get("categories", []):
                out.append("<category>%s</category>" % escape(c))
        out.append("<description>%s</description>" % escape(it.get("summary", "")))
        if it.get("content") and version == "2.0":
            out.append("<content:encoded><![CDATA[%s]]></content:encoded>" % it["content"])
        out.append("</item>")
    out.append("</channel></rss>\n")
    write(path, "\n".join(out), encoding)


def atom(path, title, site, items, encoding="utf-8"):
    out = ['<?xml version="1.0" encoding="%s"?>' % ("utf-16" if encoding == "utf-16" else encoding)]
    out.append('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s" xml:base=%s>' % (items[0].get("lang", "vi"), quoteattr(site)))
    out.append("<title>%s</title><id>%s</id><updated>%s</updated>" % (escape(title), escape(site + "feed"), rfc3339(max(i["date"] for i in items))))
    out.append('<link rel="alternate" href="./"/><author><name>%s</name></author>' % escape(title))
    for it in items:
        out.append("<entry>")
        out.append("<id>%s</id><title>%s</title>" % (escape(it["guid"]), escape(it["title"])))
        out.append('<link rel="alternate" type="text/html" href=%s/>' % quoteattr(it["relative_link"]))
        out.append("<published>%s</published><updated>%s</updated>" % (rfc3339(it["date"]), rfc3339(it["date"])))
        for c in it.get("categories", []):
            out.append('<category term=%s/>' % quoteattr(c))
        if it.get("xhtml"):
            out.append('<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">%s</div></content>' % it["content"])
        else:
            out.append('<summary type="text">%s</summary>' % escape(it.get("summary", "")))
            out.append('<content type="html">%s</content>' % escape(it["content"]))
        out.append("</entry>")
    out.append("</feed>\n")
    write(path, "\n".join(out), encoding)


def rdf(path, title, link, items, encoding):
    out = ['<?xml version="1.0" encoding="%s"?>' % encoding]
    out.append('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">')
    out.append('<channel rdf:about=%s><title>%s</title><link>%s</link><description>%s (demo feed)</description>'
               '<dc:language>vi</dc:language><items><rdf:Seq>' % (quoteattr(link), escape(title), escape(link), escape(title)))
    out += ['<rdf:li rdf:resource=%s/>' % quoteattr(it["link"]) for it in items]
    out.append("</rdf:Seq></items></channel>")
    for it in items:
        out.append('<item rdf:about=%s><title>%s</title><link>%s</link><dc:date>%s</dc:date>'
                   % (quoteattr(it["link"]), escape(it["title"]), escape(it["link"]), rfc3339(it["date"])))
        out.append("<description>%s</description>" % escape(it.get("summary", "")))
        out.append("<content:encoded>%s</content:encoded></item>" % escape(it["content"]))
    out.append("</rdf:RDF>\n")
    write(path, "\n".join(out), encoding)


def jsonfeed(path, title, site, items):
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": site,
           "language": "vi", "authors": [{"name": title}], "items": []}
    for it in items:
        item = {"id": it["guid"], "url": it["link"], "title": it["title"], "date_published": rfc3339(it["date"])}
        if it.get("content_text"):
            item["content_text"] = it["content_text"]
        else:
            item["content_html"] = it["content"]
        if it.get("summary"):
            item["summary"] = it["summary"]
        if it.get("categories"):
            item["tags"] = it["categories"]
        doc["items"].append(item)
    write(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    """Windows-1258 writes Vietnamese tones as combining marks after a base letter."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(m for m in nfd if m not in TONES))
        tones = "".join(m for m in nfd if m in TONES)
        try:
            out += base.encode("cp1258") + tones.encode("cp1258")
        except UnicodeEncodeError:
            out += ("&#%d;" % ord(ch)).encode("ascii")
    return bytes(out)


def write(path, text, encoding):
    full = os.path.join(OUT, path)
    if encoding == "windows-1258":
        data = cp1258(text)
    elif encoding == "utf-16":
        data = text.encode("utf-16")  # with a byte-order mark
    else:
        data = text.encode(encoding, errors="xmlcharrefreplace")
    with open(full, "wb") as f:
        f.write(data)
    print("wrote %s (%d bytes)" % (os.path.relpath(full), len(data)))


def vi_item(rec, host, slug, hours, title=None, markup="p"):
    lines = rec["text"].split("\n")
    content = paragraphs_html(lines) if markup == "p" else "<div>" + "<br/>".join(html.escape(l, quote=False) for l in lines) + "</div>"
    return {"title": title or rec["title"].rstrip("."), "link": "https://%s/%s.html" % (host, slug), "relative_link": slug + ".html",
            "guid": "%s-%s" % (host.split(".")[0], slug), "date": at(hours), "content": content,
            "summary": lines[0], "author": "Phóng viên", "categories": ["Thời sự"]}


def story_item(story, host, slug, hours, categories=("Thế giới",)):
    return {"title": story["title"], "link": "https://%s/%s.html" % (host, slug), "relative_link": slug + ".html",
            "guid": "%s-%s" % (host.split(".")[0], slug), "date": at(hours), "content": paragraphs_html(story["lines"]),
            "summary": story["lines"][0], "categories": list(categories)}


os.makedirs(OUT, exist_ok=True)

# 1. RSS 2.0, UTF-8: the US–Korea story and ten articles.
items = [story_item(story_a, "tinthegioi.example", "my-han-xuc-tien-hoi-nghi-thuong-dinh", 0)]
items += [vi_item(r, "tinthegioi.example", "bai-%02d" % i, -i * 3) for i, r in enumerate(binhvq[0:10], 1)]
rss2("tin-the-gioi.xml", "Tin Thế Giới", "https://tinthegioi.example/", items)

# 2. Atom 1.0, UTF-8, xml:base: the US–Japan story, eight articles, and two reposts of feed 1 under new headlines.
items = [story_item(story_b, "baoquocte.example", "my-nhat-hien-dai-hoa-dong-minh", 2)]
items += [vi_item(r, "baoquocte.example", "tin-%02d" % i, -i * 4) for i, r in enumerate(binhvq[10:18], 1)]
items.append(vi_item(binhvq[0], "baoquocte.example", "dang-lai-phat-nguoi", 5, title="TP.HCM: hàng chục ngàn xe chưa nộp phạt nguội", markup="br"))
items.append(vi_item(binhvq[1], "baoquocte.example", "dang-lai-02", 6, title=binhvq[1]["title"].upper()))
for it in items:
    it["lang"] = "vi"
items[-1]["xhtml"] = True
atom("bao-quoc-te.atom", "Báo Quốc Tế", "https://baoquocte.example/the-gioi/", items)

# 3. RSS 1.0 (RDF) in Windows-1258: the Japan/Australia patrol story, the UN Command story, six articles.
items = [story_item(story_c, "biendong.example", "nhat-uc-tuan-tra-bien-dong", -20),
         story_item(story_d, "biendong.example", "bo-tu-lenh-lhq-dinh-chien", -30)]
items += [vi_item(r, "biendong.example", "muc-%02d" % i, -40 - i) for i, r in enumerate(binhvq[18:24], 1)]
rdf("bien-dong-today.rdf", "Biển Đông Today", "https://biendong.example/", items, "windows-1258")

# 4. JSON Feed 1.1: an aggregator with the stitched page and two reposts.
stitched_item = {"title": stitched["title"], "link": "https://tonghop.example/tong-hop-quoc-te-8-3.html",
                 "guid": "tonghop-8-3", "date": at(8), "content": paragraphs_html(stitched["lines"]), "categories": ["Tổng hợp"]}
repost = dict(vi_item(binhvq[2], "tonghop.example", "dang-lai-03", 9))
repost["content_text"] = binhvq[2]["text"]
repost2 = vi_item(binhvq[12], "tonghop.example", "dang-lai-13", 10)
jsonfeed("tong-hop.json", "Tổng Hợp Tin", "https://tonghop.example/", [stitched_item, repost, repost2])

# 5. RSS 0.91: headlines and leads (short items), including outlets' boilerplate leads that must not merge stories.
boiler = [r for r in danes if r["text"].startswith("Báo Hà Nam điện tử")][:3]
short = [r for r in danes if r["text"] and r not in boiler][:27] + boiler
items = [{"title": r["title"], "link": r.get("url") or "https://diemtin.example/%s" % r["id"], "guid": r["id"],
          "date": at(-100 - i), "summary": r["text"]} for i, r in enumerate(short)]
rss2("diem-tin.xml", "Điểm Tin", "https://diemtin.example/", items, version="0.91")

# 6. Atom in UTF-16: English reports of two events (ECB+ topic 1: two rehab stories from different outlets).
def en_item(rec, host, hours, prefix):
    lines = rec["text"].split("\n")
    title = lines[0] if rec["id"].endswith("ecbplus") else lines[0][:90]
    slug = rec["id"].replace("ecbplus-", prefix)
    return {"title": title, "link": "https://%s/%s" % (host, slug), "relative_link": slug, "guid": "%s:%s" % (host, slug),
            "date": BASE.astimezone(EST) + datetime.timedelta(hours=hours), "content": paragraphs_html(lines),
            "summary": lines[1] if len(lines) > 1 else lines[0], "lang": "en", "categories": ["Entertainment"]}

wire = [r for r in ecb if r["cluster"] == "ecbplus-t1-ecbplus"][:6] + [r for r in ecb if r["cluster"] == "ecbplus-t1-ecb"][:6]
globe = [r for r in ecb if r["cluster"] == "ecbplus-t1-ecbplus"][6:12] + [r for r in ecb if r["cluster"] == "ecbplus-t1-ecb"][6:12]
items = [en_item(r, "worldwire.example", -i, "ww-") for i, r in enumerate(wire)]
atom("world-wire.atom", "World Wire", "https://worldwire.example/", items, encoding="utf-16")

# 7. RSS 2.0 in Windows-1252: other outlets' reports of the same events (same event, different text: never
# merged) and three exact reposts of World Wire stories.
items = [en_item(r, "dailyglobe.example", -i - 1, "dg-") for i, r in enumerate(globe)]
for i, r in enumerate(wire[:3]):
    it = en_item(r, "dailyglobe.example", 1 + i, "dg-repost-")
    it["title"] = "REPOST: " + it["title"]
    items.append(it)
for it in items:
    it["author"] = "Staff"
rss2("daily-globe.xml", "Daily Globe", "https://dailyglobe.example/", items, encoding="windows-1252", language="en")
