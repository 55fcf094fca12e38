#!/usr/bin/env python3
"""Feeds/s and articles/s of 1, 2 and 4 `seams daemon` nodes on one PostgreSQL database (make bench-cluster).

Usage: scripts/with-postgres.sh python3 Benchmarks/cluster_bench.py SEAMS [--feeds N] [--delay-ms MS ...] [--nodes 1 2 4]

Serves N feeds (default 1000) from one threaded HTTP server on 127.0.0.1, reached through 50 loopback addresses
(127.0.0.2-51, as make bench-daemon does) so that no one host's limit sets the answer; each answer waits DELAY ms
(300: as the internet does; 0: as fast as loopback). Each feed carries one story; stories repeat across feeds (a copy
in every tenth feed), so the nodes place copies of one another's stories. For each node count, a fresh database is
filled with `seams feeds import`, the nodes start together (--concurrency 16 each, --per-host 64) and the clock runs
until every feed has been fetched and stored once. Prints one line per run and the scaling ratio.
"""
import argparse
import http.server
import os
import random
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vor", "el", "qui", "da", "no", "bra", "ze", "fi", "gu"]


def story(index):
    rng = random.Random(index)
    words = ["".join(rng.choice(SYLLABLES) for _ in range(2 + rng.randint(0, 1))) for _ in range(120)]
    return " ".join(words[:6]).title(), " ".join(words)


def document(feed, stories):
    index = feed % stories
    title, text = story(index)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Outlet %d</title>'
        "<link>https://outlet%d.example/</link><item><title>%s (%d)</title><link>https://outlet%d.example/%d</link>"
        "<guid>outlet%d-%d</guid><description>&lt;p&gt;%s&lt;/p&gt;</description></item></channel></rss>"
        % (feed, feed, title, feed, feed, index, feed, index, text)
    ).encode()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(feeds, stories, delay):
    bodies = {"/outlet%d.xml" % feed: document(feed, stories) for feed in range(feeds)}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(delay)
            body = bodies.get(urllib.parse.urlsplit(self.path).path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = Server(("0.0.0.0", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def psql(address, sql, database=None):
    url = address if database is None else address.rsplit("/", 1)[0] + "/" + database
    return subprocess.run(["psql", url, "-Atc", sql], check=True, capture_output=True, text=True).stdout.strip()


def run(seams, address, port, feeds, nodes, delay_ms, workdir):
    database = "bench_%d_%d_%d" % (nodes, delay_ms, os.getpid())
    psql(address, "CREATE DATABASE %s" % database)
    db = address.rsplit("/", 1)[0] + "/" + database + "?sslmode=disable"
    opml = os.path.join(workdir, "feeds-%d.opml" % port)
    with open(opml, "w") as f:
        f.write('<opml version="2.0"><body>')
        for feed in range(feeds):
            f.write('<outline type="rss" xmlUrl="http://127.0.0.%d:%d/outlet%d.xml"/>' % (2 + feed % 50, port, feed))
        f.write("</body></opml>")
    subprocess.run([seams, "feeds", "import", opml, "--db", db], check=True, stdout=subprocess.DEVNULL)
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [seams, "daemon", "--db", db, "--http", "off", "--concurrency", "16", "--per-host", "64",
             "--min-interval", "1h", "--max-interval", "2h", "--allow-private-feeds", "--log-level", "error"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(nodes)
    ]
    try:
        while True:
            done = int(psql(address, "SELECT COUNT(*) FROM feed WHERE lastSuccessAt IS NOT NULL", database))
            if done >= feeds:
                break
            if time.monotonic() - started > 900:
                raise SystemExit("timed out with %d of %d feeds stored" % (done, feeds))
            time.sleep(0.2)
        elapsed = time.monotonic() - started
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait()
    articles = int(psql(address, "SELECT COUNT(*) FROM article", database))
    clusters = int(psql(address, "SELECT COUNT(*) FROM cluster", database))
    fetched = int(psql(address, "SELECT COALESCE(SUM(fetchCount), 0) FROM feed", database))
    psql(address, "DROP DATABASE %s WITH (FORCE)" % database)
    return elapsed, articles, clusters, fetched


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("seams")
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--delay-ms", type=int, nargs="+", default=[300, 0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    address = os.environ.get("SEAMS_TEST_POSTGRES")
    if not address:
        raise SystemExit("run through scripts/with-postgres.sh (it names the server in SEAMS_TEST_POSTGRES)")
    stories = max(1, args.feeds // 10)
    with tempfile.TemporaryDirectory() as workdir:
        for delay in args.delay_ms:
            server = serve(args.feeds, stories, delay / 1000)
            port = server.server_address[1]
            rates = {}
            for nodes in args.nodes:
                elapsed, articles, clusters, fetched = run(args.seams, address, port, args.feeds, nodes, delay, workdir)
                rates[nodes] = args.feeds / elapsed
                print("delay %4d ms  %d node(s): %6.1f s  %6.1f feeds/s  %6.1f articles/s  (%d articles, %d clusters,"
                      " %d fetches)" % (delay, nodes, elapsed, args.feeds / elapsed, articles / elapsed, articles,
                                        clusters, fetched), flush=True)
            server.shutdown()
            if 1 in rates:
                print("delay %4d ms  scaling: " % delay
                      + ", ".join("%d nodes %.2fx" % (n, rates[n] / rates[1]) for n in args.nodes if n != 1),
                      flush=True)


if __name__ == "__main__":
    sys.exit(main())
