#!/bin/sh
# Runs the libFuzzer targets: Fuzz/run.sh [TARGET|all] [SECONDS per target] [JOBS]
#
# Builds seams-fuzz with -sanitize=fuzzer,address in .build-fuzz (the normal build is untouched), then fuzzes each
# target for SECONDS (default 600) starting from the committed seed corpus in Fuzz/Corpus/TARGET. New coverage is
# kept in .build-fuzz/corpus/TARGET; a crasher is written to .build-fuzz/findings/TARGET/ and the run stops there.
# Fix it, copy the input to Fuzz/Regressions/TARGET/ (make test replays it), and run again.
# Targets: feed-parser html-extractor date-parser shingler.
set -eu
cd "$(dirname "$0")/.."
target=${1:-all}
seconds=${2:-600}
jobs=${3:-1}
swift build -c release --scratch-path .build-fuzz --product seams-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
binary=.build-fuzz/release/seams-fuzz
if [ "$target" = all ]; then targets="feed-parser html-extractor date-parser shingler"; else targets=$target; fi
for name in $targets; do
    case $name in
        feed-parser) max_len=65536 ;;
        date-parser) max_len=256 ;;
        *) max_len=16384 ;;
    esac
    mkdir -p ".build-fuzz/corpus/$name" ".build-fuzz/findings/$name"
    echo "fuzzing $name for ${seconds}s"
    parallel=""
    # With -jobs, libFuzzer runs workers in subprocesses that log to fuzz-N.log in the current folder.
    if [ "$jobs" -gt 1 ]; then parallel="-jobs=$jobs -workers=$jobs"; fi
    # shellcheck disable=SC2086
    SEAMS_FUZZ_TARGET=$name SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$binary" $parallel \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix=".build-fuzz/findings/$name/" -print_final_stats=1 \
        ".build-fuzz/corpus/$name" "Fuzz/Corpus/$name"
done
