#!/usr/bin/env bash
# Runs the built test suite N times in a row and names every test that failed in any run.
#
# Usage: scripts/test-repeat.sh [N] [LOAD]
#   N     runs (default 10)
#   LOAD  1 keeps the other core busy during every run with `stress-ng --cpu 1` (installed from Debian when missing),
#         the way a loaded CI machine would; 0 (default) runs on an idle machine.
# The suite must be built first (`swift build --build-tests`; `make test-repeat` does it). Each run's output is kept in
# .build/test-repeat/run-K.log. Exits non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
load=${2:-0}
logs=.build/test-repeat
rm -rf "$logs" && mkdir -p "$logs"

stressor=""
if [ "$load" = 1 ]; then
    if ! command -v stress-ng >/dev/null; then
        if [ "$(id -u)" = 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null
        else
            echo "LOAD=1 needs stress-ng: run sudo apt-get install -y stress-ng" >&2
            exit 2
        fi
    fi
    stress-ng --cpu 1 --quiet &
    stressor=$!
    trap 'kill "$stressor" 2>/dev/null' EXIT
    echo "load: stress-ng --cpu 1 (pid $stressor) keeps one core busy"
fi

passed=0
for run in $(seq 1 "$runs"); do
    started=$(date +%s)
    swift test --skip-build >"$logs/run-$run.log" 2>&1
    status=$?
    seconds=$(( $(date +%s) - started ))
    failed=$(grep -aE '^✘ Test .* failed after' "$logs/run-$run.log" | grep -avE '^✘ Test run with |recorded an issue' \
        | sed -E 's/^✘ Test (.*) failed after.*/\1/' | sort -u)
    if [ "$status" = 0 ]; then
        passed=$((passed + 1))
        echo "run $run/$runs: passed in ${seconds}s ($(grep -aoE 'Test run with [0-9]+ tests in [0-9]+ suites' "$logs/run-$run.log" | tail -1))"
    else
        echo "run $run/$runs: FAILED in ${seconds}s (exit $status), log $logs/run-$run.log"
        if [ -z "$failed" ]; then
            echo "    no test named as failed: the run crashed or did not start; see the end of its log:"
            tail -5 "$logs/run-$run.log" | sed 's/^/    | /'
        fi
        while IFS= read -r name; do
            [ -n "$name" ] || continue
            echo "$name" >>"$logs/failures.txt"
            echo "    ✘ $name"
            grep -aF "✘ Test $name recorded an issue" "$logs/run-$run.log" | sed -E 's/.* recorded an issue at /      at /' | cut -c1-300
        done <<<"$failed"
    fi
done

echo "passed $passed of $runs runs$([ "$load" = 1 ] && echo " with the other core busy")"
if [ -s "$logs/failures.txt" ]; then
    echo "tests that failed, with the number of runs they failed in:"
    sort "$logs/failures.txt" | uniq -c | sort -rn | sed 's/^/  /'
    exit 1
fi
[ "$passed" = "$runs" ]
