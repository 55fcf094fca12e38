#!/usr/bin/env python3
"""The HTTP API under load while the daemon syncs, measured with wrk (Debian's package) on loopback.

2,000 feeds of 20 entries (Benchmarks/daemon_bench.py's generator) are served by a threaded Python server; a release
`seams daemon` syncs them into a new database and serves its API. wrk (2 threads, 8 connections, 15 s, a Lua script
rotating over API, feed and page routes) runs once while the daemon is storing articles and once after it is idle,
and the latency percentiles, request rate and error counts of both runs are printed side by side.

usage: api_load.py SEAMS_BINARY WORKDIR
"""
import http.server, json, os, re, shutil, socketserver, subprocess, sys, threading, time, urllib.request

# The feeds are served on loopback, standing in for the internet: the operator allows private addresses.
os.environ.setdefault("SEAMS_ALLOW_PRIVATE_FEEDS", "true")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_bench import feed_xml  # noqa: E402

FEEDS = 2000
FEED_PORT = 8091
API_PORT = 8092
PATHS = ["/api/clusters?limit=50", "/api/clusters?order=biggest", "/feed.atom", "/feed.json?limit=20", "/", "/feeds",
         "/api/feeds", "/api/clusters/1", "/api/articles/1", "/?order=biggest", "/metrics"]


def serve(www):
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=www, **k)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", FEED_PORT), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def articles(db):
    out = subprocess.run(["sqlite3", db, "SELECT count(*) FROM article"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def wrk(workdir, label):
    script = os.path.join(workdir, "paths.lua")
    with open(script, "w") as f:
        f.write("paths = {" + ",".join(json.dumps(p) for p in PATHS) + "}\ni = 0\n"
                "request = function()\n  i = i + 1\n  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n")
    out = subprocess.run(["wrk", "-t2", "-c8", "-d15s", "--latency", "-s", script, f"http://127.0.0.1:{API_PORT}"],
                         capture_output=True, text=True).stdout
    result = {"run": label}
    for p in ("50", "90", "99"):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M)
        if m:
            scale = {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
            result[f"p{p}_ms"] = round(float(m.group(1)) * scale, 2)
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    result["requests_per_s"] = float(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in", out)
    result["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", out)
    result["socket_errors"] = m.group(1) if m else "none"
    return result, out


def main():
    seams, workdir = sys.argv[1], sys.argv[2]
    shutil.rmtree(workdir, ignore_errors=True)
    www = os.path.join(workdir, "www")
    os.makedirs(www)
    for index in range(FEEDS):
        with open(os.path.join(www, f"feed{index}.xml"), "w") as f:
            f.write(feed_xml(index, 0))
    opml = os.path.join(workdir, "feeds.opml")
    with open(opml, "w") as f:
        outlines = "".join(f'<outline type="rss" xmlUrl="http://127.0.0.1:{FEED_PORT}/feed{i}.xml"/>' for i in range(FEEDS))
        f.write(f'<opml version="2.0"><body>{outlines}</body></opml>')
    server = serve(www)
    db = os.path.join(workdir, "load.sqlite")
    log = open(os.path.join(workdir, "daemon.log"), "w")
    daemon = subprocess.Popen([seams, "daemon", opml, "--db", db, "--http", f"127.0.0.1:{API_PORT}", "--log-level", "warning",
                               "--per-host", "16"], stderr=log, stdout=log)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{API_PORT}/healthz", timeout=1)
                if articles(db) > 0:
                    break
            except Exception:
                pass
            time.sleep(0.2)
        before = articles(db)
        syncing, raw = wrk(workdir, "while syncing")
        syncing["articles_stored_during"] = articles(db) - before
        while True:  # let the first cycle finish
            count = articles(db)
            time.sleep(3)
            if articles(db) == count:
                break
        idle, _ = wrk(workdir, "idle")
        for row in (syncing, idle):
            print(json.dumps(row))
        if syncing["p99_ms"] and idle["p99_ms"]:
            print(f"p99 while syncing / idle: {syncing['p99_ms'] / idle['p99_ms']:.2f}x")
        log.flush()
        busy = [line for line in open(os.path.join(workdir, "daemon.log")) if re.search(r"busy|locked", line, re.I)]
        print(f"daemon log lines mentioning busy or locked: {len(busy)}")
    finally:
        daemon.terminate()
        daemon.wait(30)
        server.shutdown()


if __name__ == "__main__":
    main()
