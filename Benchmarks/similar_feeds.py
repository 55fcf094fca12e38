#!/usr/bin/env python3
"""Ingest of near-identical articles: 300 feeds of 40 entries that share most of their words, served on loopback by a
threaded Python server and synced by `seams sync` into a new database. Every article shares LSH bands and fingerprints
with thousands of others, the case where candidate lookups must stay bounded per key. Prints the sync's summary line
and its wall time.

usage: similar_feeds.py SEAMS_BINARY WORKDIR
"""
import http.server, os, shutil, subprocess, sys, threading, time

# The feeds are served on loopback, standing in for the internet: the operator allows private addresses.
os.environ.setdefault("SEAMS_ALLOW_PRIVATE_FEEDS", "true")

PORT = 8094


def main():
    seams, workdir = sys.argv[1], sys.argv[2]
    shutil.rmtree(workdir, ignore_errors=True)
    www = os.path.join(workdir, "www")
    os.makedirs(www)
    for i in range(300):
        items = "".join(
            f"<item><guid>g{i}-{j}</guid><title>Story {j} of feed {i} about harbour council budget</title>"
            f"<description>word{j} river school market railway festival hospital library {i} {j}</description></item>"
            for j in range(40))
        with open(os.path.join(www, f"feed{i}.xml"), "w") as f:
            f.write(f'<rss version="2.0"><channel><title>f{i}</title>{items}</channel></rss>')
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=www, **k)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        urls = [f"http://127.0.0.1:{PORT}/feed{i}.xml" for i in range(300)]
        started = time.time()
        out = subprocess.run([seams, "sync", *urls, "--db", os.path.join(workdir, "similar.sqlite")],
                             capture_output=True, text=True).stdout.strip().splitlines()
        print(out[-1] if out else "no output")
        print(f"wall {time.time() - started:.1f} s")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
