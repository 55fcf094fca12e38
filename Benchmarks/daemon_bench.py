#!/usr/bin/env python3
"""Sync-cycle benchmark: N feeds of 20 entries served by nginx on 50 loopback addresses (127.0.0.2-51).

For each tool (seams sync, newsboat -x reload, a feedparser fetch loop): a first full cycle from an empty state,
then 10 % of the feeds change and a second cycle runs, where the other 90 % should answer 304. Reports wall time,
feeds/s, CPU seconds and peak RSS of each cycle, and ratios against seams.

usage: daemon_bench.py SEAMS_BINARY FEEDS WORKDIR [TOOLS]   (TOOLS: comma list of seams,newsboat,feedparser)
"""
import json, os, random, shutil, signal, subprocess, sys, time

# The feeds are served on loopback, standing in for the internet: the operator allows private addresses.
os.environ.setdefault("SEAMS_ALLOW_PRIVATE_FEEDS", "true")

HOSTS = 50
PORT = 8089
WORDS = ("harbour council budget river school market railway festival hospital library minister election "
         "storm bridge airport factory museum court police farmer teacher doctor village province coast").split()


def feed_xml(index, generation):
    # Entry `serial` of a feed is the same in every generation; generation g adds g newer entries on top.
    items = []
    for entry in range(20):
        serial = generation + 19 - entry
        rng = random.Random(index * 7919 + serial)
        text = " ".join(f"{rng.choice(WORDS)}{index}n{serial}w{k}" for k in range(60))
        stamp = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(1_790_000_000 + serial * 1800))
        items.append(f"<item><title>Feed {index} story {serial}</title><link>https://site{index % HOSTS}.example/{index}/{serial}</link>"
                     f"<guid>f{index}-{serial}</guid><pubDate>{stamp}</pubDate><description>{text}</description></item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Feed {index}</title>'
            f"<link>https://site{index % HOSTS}.example/</link>{''.join(items)}</channel></rss>\n")


def url(index):
    return f"http://127.0.0.{2 + index % HOSTS}:{PORT}/feed{index}.xml"


def write_feeds(www, count, generation_of):
    for index in range(count):
        with open(os.path.join(www, f"feed{index}.xml"), "w") as f:
            f.write(feed_xml(index, generation_of(index)))


def start_nginx(work, www):
    conf = os.path.join(work, "nginx.conf")
    servers = "\n".join(f"  server {{ listen 127.0.0.{2 + h}:{PORT}; root {www}; access_log off; }}" for h in range(HOSTS))
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1; daemon off; pid {work}/nginx.pid; error_log {work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{ keepalive_requests 100000; sendfile on; default_type application/xml; types {{ application/rss+xml xml; }}
{servers}
}}
""")
    process = subprocess.Popen(["nginx", "-c", conf, "-p", work], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return process


def measure(command, env=None, cwd=None):
    started = time.monotonic()
    log = os.path.join(cwd, "stderr.log")
    with open(log, "w") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    stderr = open(log, errors="replace").read()
    if os.waitstatus_to_exitcode(status) != 0:
        print(f"  ! {command[0]} exited {os.waitstatus_to_exitcode(status)}: {stderr[-400:]}", file=sys.stderr)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def run_tool(tool, seams, work, count, www):
    state = os.path.join(work, tool)
    shutil.rmtree(state, ignore_errors=True)
    os.makedirs(state)
    urls = os.path.join(state, "urls")
    with open(urls, "w") as f:
        f.write("".join(url(i) + "\n" for i in range(count)))
    env = dict(os.environ, HOME=state)
    if tool == "seams":
        db = os.path.join(state, "seams.sqlite")
        opml = os.path.join(state, "feeds.opml")
        with open(opml, "w") as f:
            f.write('<opml version="2.0"><body>' + "".join(f'<outline type="rss" xmlUrl="{url(i)}"/>' for i in range(count)) + "</body></opml>")
        subprocess.run([seams, "feeds", "import", opml, "--db", db], check=True, stdout=subprocess.DEVNULL)
        command = [seams, "sync", "--db", db, "--concurrency", "64", "--per-host", "4", "--log-level", "error"]
    elif tool == "newsboat":
        config = os.path.join(state, "config")
        with open(config, "w") as f:
            f.write("reload-threads 64\nshow-read-feeds yes\n")
        command = ["newsboat", "-x", "reload", "-u", urls, "-c", os.path.join(state, "cache.db"), "-C", config]
    else:
        command = [sys.executable, os.path.join(os.path.dirname(__file__), "feedparser_fetch.py"), urls, os.path.join(state, "state.json")]
    write_feeds(www, count, lambda i: 0)
    first = measure(command, env=env, cwd=state)
    changed = set(random.Random(42).sample(range(count), count // 10))
    write_feeds(www, count, lambda i: 1 if i in changed else 0)
    # Unchanged files were rewritten too; put their old modification time back so their validators hold.
    stamp = time.time() - 3600
    for index in range(count):
        if index not in changed:
            os.utime(os.path.join(www, f"feed{index}.xml"), (stamp, stamp))
    second = measure(command, env=env, cwd=state)
    return first, second


def main():
    seams, count, work = os.path.abspath(sys.argv[1]), int(sys.argv[2]), os.path.abspath(sys.argv[3])
    tools = (sys.argv[4] if len(sys.argv) > 4 else "seams,newsboat,feedparser").split(",")
    os.makedirs(work, exist_ok=True)
    www = os.path.join(work, "www")
    os.makedirs(www, exist_ok=True)
    write_feeds(www, count, lambda i: 0)
    nginx = start_nginx(work, www)
    results = {}
    try:
        for tool in tools:
            # Before each tool, the originals again, all with one old modification time.
            write_feeds(www, count, lambda i: 0)
            stamp = time.time() - 7200
            for index in range(count):
                os.utime(os.path.join(www, f"feed{index}.xml"), (stamp, stamp))
            results[tool] = run_tool(tool, seams, work, count, www)
            for label, cycle in zip(("first", "second"), results[tool]):
                print(json.dumps({"tool": tool, "feeds": count, "cycle": label, **{k: round(v, 3) for k, v in cycle.items()},
                                  "feeds_per_s": round(count / cycle["wall"], 1)}), flush=True)
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait()
    if "seams" in results:
        for tool, cycles in results.items():
            if tool == "seams":
                continue
            for label, mine, theirs in zip(("first", "second"), results["seams"], cycles):
                print(f"{count} feeds, {label} cycle: seams {count / mine['wall']:.0f} feeds/s vs {tool} {count / theirs['wall']:.0f} "
                      f"→ {theirs['wall'] / mine['wall']:.1f}× (CPU {mine['cpu']:.1f} s vs {theirs['cpu']:.1f} s, "
                      f"peak RSS {mine['rss_mb']:.0f} vs {theirs['rss_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
