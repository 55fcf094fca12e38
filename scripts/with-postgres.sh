#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, then stops the server and deletes it.
#
# Usage: scripts/with-postgres.sh COMMAND [ARG...]
#
# Installs Debian's `postgresql` when initdb is missing (as root; otherwise it says what to run), creates a new
# cluster in a temporary folder with `initdb`, starts it with `pg_ctl` on a free loopback port and a Unix socket in
# that folder — as the `postgres` user when run as root, since PostgreSQL refuses to run as root, as CI does — and
# runs COMMAND with SEAMS_TEST_POSTGRES set to the server's address (postgres://seams@127.0.0.1:PORT/seams). The
# server is stopped and its folder deleted however COMMAND ends; COMMAND's exit status is this script's. When the
# server cannot be started, the script fails and prints the server's log: the tests that need it are never skipped.
set -euo pipefail

fail() { echo "with-postgres: $*" >&2; exit 2; }

find_bin() {
    local found
    found=$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$found" ] && dirname "$(readlink -f "$found")"
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "with-postgres: installing Debian's postgresql" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
            || fail "apt-get install postgresql failed"
        bin=$(find_bin || true)
    fi
    [ -n "$bin" ] || fail "PostgreSQL's initdb was not found; run: sudo apt-get install -y postgresql"
fi

folder=$(mktemp -d /tmp/seams-postgres.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || fail "the postgres user does not exist (Debian's postgresql package creates it)"
    chown postgres "$folder"
    as_owner=(runuser -u postgres --)
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data="$folder/data"
log="$folder/server.log"

stop() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$data" -U seams -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 \
    || { cat "$folder/initdb.log" >&2; fail "initdb failed"; }
# fsync and synchronous commits off: the server is thrown away, and the tests are not about PostgreSQL's durability.
options="-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
options="$options -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB"
if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$log" -o "$options" -w -t 60 start >/dev/null; then
    cat "$log" >&2 || true
    fail "the PostgreSQL server did not start"
fi
"${as_owner[@]}" "$bin/createdb" -h "$folder" -p "$port" -U seams seams || fail "createdb seams failed"

export SEAMS_TEST_POSTGRES="postgres://seams@127.0.0.1:$port/seams"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $SEAMS_TEST_POSTGRES" >&2
set +e
"$@"
status=$?
set -e
exit $status
