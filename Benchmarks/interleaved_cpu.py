"""CPU seconds (user + system) that builds take to sync a dedup world feed by feed, as `partition_snapshot.py` does,
the builds interleaved and each run REPEATS times into a fresh store: on a machine whose speed drifts over minutes,
runs side by side rank builds where runs one after the other do not. Prints each build's runs and their minimum.

usage: python3 Benchmarks/interleaved_cpu.py WORLD_DIR SEAMS_BINARY... [--repeats N]
"""
import os, re, resource, subprocess, sys, tempfile

args = sys.argv[1:]
repeats = 3
if "--repeats" in args:
    at = args.index("--repeats")
    repeats = int(args[at + 1])
    del args[at:at + 2]
world, binaries = args[0], args[1:]
urls = re.findall(r'xmlUrl="([^"]+)"', open(os.path.join(world, "feeds.opml"), encoding="utf-8").read())
seconds = {binary: [] for binary in binaries}
with tempfile.TemporaryDirectory() as work:
    for _ in range(repeats):
        for number, binary in enumerate(binaries):
            db = os.path.join(work, f"store-{number}-{len(seconds[binary])}.sqlite")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            for url in urls:
                subprocess.run([binary, "sync", os.path.join(world, url), "--db", db], check=True,
                               stdout=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            seconds[binary].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
for binary in binaries:
    print(f"{binary}: " + " ".join(f"{s:.2f}" for s in seconds[binary]) + f" s; minimum {min(seconds[binary]):.2f} s")
