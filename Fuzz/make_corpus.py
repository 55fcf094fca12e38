#!/usr/bin/env python3
"""Builds the fuzz seed corpus in Fuzz/Corpus/TARGET/ from the repository's own fixtures.

feed-parser: the demo feeds (each prefixed with the byte that selects "no HTTP charset") and small documents of each
format; html-extractor: the HTML of the demo feeds' entries; date-parser: the dates the parser tests read;
shingler: article texts from the demo feeds and the seed's stitched page. Run from the repository root; the output
is committed, so fuzzing needs nothing outside the repository.
"""
import hashlib, html, json, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "Fuzz", "Corpus")


def write(target, data):
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


demo = os.path.join(root, "Feeds", "demo")
fragments, texts = [], []
for name in sorted(os.listdir(demo)):
    raw = open(os.path.join(demo, name), "rb").read()
    write("feed-parser", b"\x00" + raw)
    # Small single-entry slices keep the seeds fast to mutate.
    text = raw.decode("utf-8", "replace")
    for chunk in re.findall(r"<(?:description|content|summary)[^>]*>(.*?)</(?:description|content|summary)>", text, re.S)[:6]:
        chunk = chunk.replace("<![CDATA[", "").replace("]]>", "")
        fragments.append(html.unescape(chunk) if "&lt;" in chunk else chunk)
    if name.endswith(".json"):
        for item in json.loads(text)["items"][:6]:
            fragments.append(item.get("content_html") or item.get("content_text") or "")

small = [
    '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A &amp; B</title><guid>1</guid>'
    "<pubDate>Tue, 07 Mar 2023 09:30:00 +0700</pubDate><description>&lt;p&gt;x&lt;/p&gt;</description></item></channel></rss>",
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><title type="html">A</title>'
    '<updated>2023-03-07T09:30:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div>'
    "</content></entry></feed>",
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>T'
    '</title></channel><item rdf:about="u"><title>A</title><link>http://a/</link></item></rdf:RDF>',
    '{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","content_html":"<p>x</p>",'
    '"date_published":"2023-03-07T09:30:00+07:00","authors":[{"name":"A"}]}]}',
    '<?xml version="1.0" encoding="windows-1258"?><rss version="0.91"><channel><item><title>H\xe0 N\xf4\xcc\x80i</title>'
    "</item></channel></rss>",
]
for document in small:
    write("feed-parser", b"\x00" + document.encode("latin-1", "replace") if "windows-1258" in document else b"\x00" + document.encode())

for fragment in fragments:
    if fragment.strip():
        write("html-extractor", fragment)
        texts.append(re.sub(r"<[^>]+>", " ", fragment))
for fragment in ["<p>a<b>b</p>c", "<table><tr><td>x<td>y</table>", "<script>x()</script>t", "<a href=javascript:x>l</a>",
                 "&amp;&nbsp;&#x1F600;&bogus;", "<svg onload=x><style>p{}</style>"]:
    write("html-extractor", fragment)

tests = open(os.path.join(root, "Tests", "SeamsParseTests", "FeedDateParserTests.swift"), encoding="utf-8").read()
for date in sorted(set(re.findall(r'"([^"\\]{6,60})"', tests))):
    write("date-parser", date)

seed = open(os.path.join(root, "Tests", "SeamsStoreTests", "Fixtures", "seed-stitched-page.txt"), encoding="utf-8").read()
write("shingler", seed)
for paragraph in seed.split("\n\n")[:10]:
    write("shingler", paragraph)
for text in texts[:30]:
    write("shingler", text)
print({target: len(os.listdir(os.path.join(corpus, target))) for target in sorted(os.listdir(corpus))})
