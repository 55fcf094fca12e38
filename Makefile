# Seams — the two commands: `make run` and `make test`. Both install missing Debian packages first.
SWIFT ?= swift
DB ?= seams.sqlite
SHARED ?= ../shared
BENCH_DIR ?= .build/bench
DEB_PACKAGES := libcurl4-openssl-dev libxml2-dev libsqlite3-dev libxxhash-dev libutf8proc-dev pkg-config

.PHONY: all deps build run test lint format test-repeat test-browser bench bench-parse bench-dedup bench-dedup-outlets bench-growth bench-order bench-partition bench-index bench-daemon bench-cluster bench-load fuzz demo-feeds clean

all: build

# Installs the Debian packages the build needs; as root it runs apt-get, otherwise it prints the command.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "missing Debian packages:$$missing"; echo "run: sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi

build: deps
	$(SWIFT) build -c release --product seams

# Starts the sync daemon on the demo feeds with a short interval, in a local SQLite file; Ctrl-C stops it.
run: build
	@echo "Web page: http://127.0.0.1:8080/  (stories, stitched pages and their seams, feeds; API at /api/openapi.json)"
	@echo "Canonical feed: http://127.0.0.1:8080/feed.atom (also /feed.rss, /feed.json); metrics at /metrics"
	@echo "Data lives in $(DB) (SQLite). While the daemon runs, in another terminal:"
	@echo "  .build/release/seams clusters --min-size 2 --db $(DB)       # stories with copies"
	@echo "  .build/release/seams clusters --composites --db $(DB)       # stitched pages"
	@echo "  .build/release/seams clusters show ID --db $(DB)            # one story and every copy; a stitched page's passages"
	@echo "  .build/release/seams compare ID ID --db $(DB)               # why two articles match, or do not"
	@echo "  .build/release/seams export --format atom --db $(DB)        # the canonical feed (atom, rss or json)"
	@echo "  .build/release/seams feeds list --db $(DB)                  # feeds, their schedule and status"
	@echo
	.build/release/seams daemon Feeds/demo.opml --db $(DB) --min-interval 30s --max-interval 2m --summary-interval 30s

# The tests run beside a throwaway PostgreSQL server (scripts/with-postgres.sh installs Debian's postgresql when missing,
# starts it on a loopback port as the postgres user, and stops and deletes it after; it fails, never skips, when the
# server cannot start). feedparser reads the canonical feeds back in one test; it is installed when PyPI is reachable (the test is
# skipped, and says so, when it is not). schemathesis (pinned, seed 1, every check) then tests the server against its
# OpenAPI document on loopback (scripts/schemathesis.sh); it too is skipped, saying so, without PyPI.
# Every import must be a declared dependency of its target, and the sources must be formatted as .swift-format says
# (swift-nio's settings): `make format` rewrites them.
SWIFT_SOURCES := Sources Tests Benchmarks/SeamsBench Fuzz/Targets Fuzz/Driver Package.swift
BUILD_CHECKS := --explicit-target-dependency-import-check error

test: deps lint
	@python3 -c "import feedparser" 2>/dev/null || pip install -q feedparser==6.0.14 || echo "feedparser not installed: its test will be skipped"
	$(SWIFT) build --build-tests $(BUILD_CHECKS)
	scripts/with-postgres.sh $(SWIFT) test --skip-build
	scripts/schemathesis.sh $$($(SWIFT) build --show-bin-path)/seams 25

lint:
	$(SWIFT) format lint --recursive --parallel --strict $(SWIFT_SOURCES)

format:
	$(SWIFT) format format --in-place --recursive --parallel $(SWIFT_SOURCES)

# Runs the built suite N times (default 10) and names every test that failed in any run; LOAD=1 keeps the other core
# busy meanwhile (stress-ng, installed when missing). Use it after changing a test that waits, races or starts a process.
N ?= 10
LOAD ?= 0
test-repeat: deps
	@python3 -c "import feedparser" 2>/dev/null || pip install -q feedparser==6.0.14 || echo "feedparser not installed: its test will be skipped"
	$(SWIFT) build --build-tests $(BUILD_CHECKS)
	scripts/with-postgres.sh scripts/test-repeat.sh $(N) $(LOAD)

# A real browser (Debian's chromium, installed when missing) renders the seed's composite page; the screenshot is
# kept at .build/artifacts/seed-composite.png.
test-browser: deps
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(SWIFT) build --build-tests
	SEAMS_BROWSER_TEST=1 $(SWIFT) test --skip-build --filter BrowserTests
	@echo "screenshot: .build/artifacts/seed-composite.png"

bench: bench-parse bench-dedup bench-daemon bench-load bench-growth

# Parse and text-extraction throughput, side by side with feedparser on the same files (release build).
bench-parse: deps
	$(SWIFT) build -c release --product seams-bench
	@python3 -c "import feedparser" 2>/dev/null || pip install -q feedparser==6.0.14
	python3 Benchmarks/make_feeds.py $(SHARED) $(BENCH_DIR)/feeds
	.build/release/seams-bench parse $(BENCH_DIR)/feeds/* > $(BENCH_DIR)/seams.jsonl
	python3 Benchmarks/feedparser_bench.py $(BENCH_DIR)/feeds/* > $(BENCH_DIR)/feedparser.jsonl
	python3 Benchmarks/report.py $(BENCH_DIR)/seams.jsonl $(BENCH_DIR)/feedparser.jsonl
	$(SWIFT) build -c release --product seams
	rm -f $(BENCH_DIR)/sync.sqlite $(BENCH_DIR)/sync.sqlite-wal $(BENCH_DIR)/sync.sqlite-shm
	@echo "end-to-end: seams sync of the four files into a new SQLite file (fetch, parse, extract, store, cluster):"
	@.build/release/seams sync $(BENCH_DIR)/feeds/* --db $(BENCH_DIR)/sync.sqlite | tail -n 1

# Deduplication: quality against datasketch, sketching speed against datasketch, rensa and the C limit, the index.
bench-dedup: deps
	$(SWIFT) build -c release --product seams-bench
	$(SWIFT) build -c release --product seams
	@python3 -c "import datasketch, rensa, xxhash" 2>/dev/null || pip install -q datasketch==2.0.0 rensa==0.5.0 xxhash
	python3 Benchmarks/dedup_corpus.py $(SHARED) $(BENCH_DIR)/dedup
	python3 Benchmarks/dedup_score.py .build/release/seams $(BENCH_DIR)/dedup
	python3 Benchmarks/make_texts.py $(SHARED) $(BENCH_DIR)/texts.txt
	.build/release/seams-bench sketch $(BENCH_DIR)/texts.txt > $(BENCH_DIR)/sketch-seams.jsonl
	RAYON_NUM_THREADS=1 python3 Benchmarks/sketch_peers.py $(BENCH_DIR)/texts.txt > $(BENCH_DIR)/sketch-peers.jsonl
	gcc -O3 -march=native -o $(BENCH_DIR)/minhash_limit $(SHARED)/bench/minhash_limit.c
	$(BENCH_DIR)/minhash_limit $(BENCH_DIR)/texts.txt 5 > $(BENCH_DIR)/sketch-c.jsonl
	python3 Benchmarks/sketch_report.py $(BENCH_DIR)/sketch-seams.jsonl $(BENCH_DIR)/sketch-peers.jsonl $(BENCH_DIR)/sketch-c.jsonl
	$(MAKE) --no-print-directory bench-index

# The harder world of outlets Seams has never seen (per-seed furniture, leads, re-sends, roundups, four arrival
# rounds), scored over three seeds with datasketch side by side.
SEEDS ?= 1 2 3
bench-dedup-outlets: deps
	$(SWIFT) build -c release --product seams
	@python3 -c "import datasketch, xxhash" 2>/dev/null || pip install -q datasketch==2.0.0 xxhash
	for seed in $(SEEDS); do \
		python3 Benchmarks/dedup_corpus.py $(SHARED) $(BENCH_DIR)/outlets-$$seed --world outlets --seed $$seed && \
		python3 Benchmarks/dedup_score.py .build/release/seams $(BENCH_DIR)/outlets-$$seed || exit 1; \
	done

# Ingest as the store grows: ROUNDS rounds of 1,000 new stories and 500 copies of earlier ones, then ten rounds to
# 100,000 articles (GROWTH_MILLION=1: a hundred such rounds to 1,000,000 instead, each sync the size of the 100,000
# stage's, so that day 100 is compared with day 1 at the same batch size; 80 minutes here, and a 5.2 GB database),
# then what each tenth's arrivals found among the articles before them (candidate_growth.py).
ROUNDS ?= 8
bench-growth: deps
	$(SWIFT) build -c release --product seams
	python3 Benchmarks/growth_bench.py .build/release/seams $(SHARED) $(BENCH_DIR)/growth $(ROUNDS)
	python3 Benchmarks/growth_bench.py .build/release/seams $(SHARED) $(BENCH_DIR)/growth-large \
		$(if $(GROWTH_MILLION),100,10) 6700 3300
	python3 Benchmarks/candidate_growth.py $(BENCH_DIR)/growth-large/growth.sqlite 10 100

# Arrival-order stability: one outlets world synced with its feeds in three orders; partitions and stitched pages
# compared between the runs.
bench-order: deps
	$(SWIFT) build -c release --product seams
	for seed in $(SEEDS); do \
		python3 Benchmarks/dedup_corpus.py $(SHARED) $(BENCH_DIR)/outlets-$$seed --world outlets --seed $$seed && \
		python3 Benchmarks/order_stability.py .build/release/seams $(BENCH_DIR)/outlets-$$seed $$seed || exit 1; \
	done

# What the deduplicator decides on the dedup world, one feed at a time in a fixed order, as JSON: run it before and
# after a change to the engine or a storage and `diff` the two files (PARTITION=name keeps several).
PARTITION ?= partition
bench-partition: deps
	$(SWIFT) build -c release --product seams
	python3 Benchmarks/dedup_corpus.py $(SHARED) $(BENCH_DIR)/dedup
	python3 Benchmarks/partition_snapshot.py .build/release/seams $(BENCH_DIR)/dedup $(BENCH_DIR)/$(PARTITION).json

# The store's LSH index in SQLite at 100k and 1M articles (the 1M run takes a few minutes and ~600 MB of disk).
bench-index:
	.build/release/seams-bench index 100000 $(BENCH_DIR)
	.build/release/seams-bench index 1000000 $(BENCH_DIR)

# Sync cycles of 1,000 and 10,000 feeds served by nginx on 127.0.0.2-51, side by side with newsboat and a feedparser
# loop (Debian's nginx and newsboat are installed when missing; the 10,000-feed run takes about ten minutes).
# Many nodes on one PostgreSQL database (a throwaway server): feeds/s and articles/s of 1, 2 and 4 daemons against
# loopback feeds that answer in 300 ms and at once, and the scaling ratio (Benchmarks/cluster_bench.py).
CLUSTER_FEEDS ?= 1000
bench-cluster: deps
	$(SWIFT) build -c release --product seams
	scripts/with-postgres.sh python3 Benchmarks/cluster_bench.py .build/release/seams --feeds $(CLUSTER_FEEDS)

bench-daemon: deps
	$(SWIFT) build -c release --product seams
	@command -v nginx >/dev/null && command -v newsboat >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx newsboat >/dev/null)
	@python3 -c "import feedparser, requests" 2>/dev/null || pip install -q feedparser==6.0.14 requests
	python3 Benchmarks/daemon_bench.py .build/release/seams 1000 $(BENCH_DIR)/daemon
	python3 Benchmarks/daemon_bench.py .build/release/seams 10000 $(BENCH_DIR)/daemon10k

# The HTTP API under a wrk load while the daemon syncs 2,000 feeds, and again once it is idle (Debian's wrk and
# sqlite3 are installed when missing); then the ingest of 12,000 near-identical articles.
bench-load: deps
	$(SWIFT) build -c release --product seams
	@command -v wrk >/dev/null && command -v sqlite3 >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk sqlite3 >/dev/null)
	python3 Benchmarks/api_load.py .build/release/seams $(BENCH_DIR)/load
	@echo "ingest of 12,000 near-identical articles (candidate lookups bounded per key):"
	python3 Benchmarks/similar_feeds.py .build/release/seams $(BENCH_DIR)/similar

# libFuzzer with AddressSanitizer on the four targets, 10 minutes each (Fuzz/run.sh takes a target and a time).
fuzz: deps
	Fuzz/run.sh all 600

# Rebuilds Feeds/demo/ from ../shared (the output is committed; users never need this).
demo-feeds:
	python3 Feeds/make_demo.py $(SHARED)

clean:
	rm -rf .build $(DB) $(DB)-wal $(DB)-shm
