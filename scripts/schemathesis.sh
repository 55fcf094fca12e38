#!/usr/bin/env bash
# Runs schemathesis (pinned) with every check against the server's own OpenAPI document: `seams serve` on a throwaway
# copy of the demo store, on 127.0.0.1, with the write endpoints on. Nothing leaves loopback: every feed a generated
# request subscribes is fetched through a proxy on 127.0.0.1:9 that the address policy refuses (private addresses
# are not allowed), so it fails with feed.forbidden_address before any connection opens.
# usage: scripts/schemathesis.sh SEAMS_BINARY [MAX_EXAMPLES]
set -euo pipefail
seams=${1:?usage: scripts/schemathesis.sh SEAMS_BINARY [MAX_EXAMPLES]}
examples=${2:-25}
version=4.32.5
if ! st --version 2>/dev/null | grep -q "$version"; then
    pip install -q "schemathesis==$version" 2>/dev/null || {
        echo "schemathesis $version could not be installed (is PyPI reachable?): the OpenAPI conformance run is skipped"
        exit 0
    }
fi
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
unset SEAMS_ALLOW_PRIVATE_FEEDS
"$seams" sync Feeds/demo.opml --db "$work/seams.sqlite" >/dev/null
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
"$seams" serve --db "$work/seams.sqlite" --http "127.0.0.1:$port" --api-token schemathesis-token \
    2>"$work/serve.log" &
server=$!
python3 - "$port" <<'WAIT'
import sys, time, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
for _ in range(200):
    try:
        opener.open(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1)
        break
    except Exception:
        time.sleep(0.1)
WAIT
NO_PROXY="*" no_proxy="*" st --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/api/openapi.json" \
    --checks all --seed 1 --max-examples "$examples" --workers 1 \
    --header "Authorization: Bearer schemathesis-token" --no-color
