#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh [--replica] COMMAND [ARGS...]
#
# Runs COMMAND with DATABASE_URL pointing at a throw-away PostgreSQL server: a fresh
# cluster in a temp dir, reachable only through a Unix socket in that dir (no TCP),
# with durability switched off for speed. The server is stopped and the dir removed
# when COMMAND ends, fails or is interrupted; the script exits with COMMAND's status.
#
# The database is `marginalia`, owned by the superuser `postgres` (trust auth), so
# pytest-django can create and drop `test_marginalia`. PG_BIN overrides where the
# server binaries are (default: the newest /usr/lib/postgresql/*/bin, 15 here). If
# none is installed and we are root, Debian's postgresql package is installed.
#
# --replica: also a streaming replica of that server (pg_basebackup, hot standby), its
# own socket dir, named by MARGINALIA_TEST_REPLICA_URL (not DATABASE_REPLICA_URL: the
# test run creates its test database on the primary, and the replica follows it).
set -euo pipefail

replica=""
if [ "${1:-}" = "--replica" ]; then
    replica=1
    shift
fi
if [ "$#" -eq 0 ]; then
    echo "usage: $0 [--replica] COMMAND [ARGS...]" >&2
    exit 2
fi

find_pg_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

PG_BIN="${PG_BIN:-$(find_pg_bin || true)}"
if [ -z "$PG_BIN" ] && [ "$(id -u)" -eq 0 ]; then
    echo "with-postgres: no PostgreSQL server found; installing Debian's postgresql..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    PG_BIN="$(find_pg_bin || true)"
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "with-postgres: no PostgreSQL server binaries (initdb) found; install postgresql." >&2
    exit 1
fi

# The server refuses to run as root: then the cluster belongs to `postgres`.
if [ "$(id -u)" -eq 0 ]; then
    as_owner=(runuser -u postgres --)
else
    as_owner=()
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/marginalia-pg.XXXXXX")"
data="$tmp/data"
standby="$tmp/standby"
started=""
standby_started=""

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$standby_started" ]; then
        "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$standby" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$started" ]; then
        "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# World-traversable, so that root's (or anyone's) client can reach the socket.
chmod 755 "$tmp"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$tmp"
fi

"${as_owner[@]}" "$PG_BIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$tmp/initdb.log" 2>&1 || {
    cat "$tmp/initdb.log" >&2
    exit 1
}
cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$tmp'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
CONF

started=1
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 start >/dev/null || {
    cat "$tmp/server.log" >&2
    exit 1
}
"$PG_BIN/createdb" -h "$tmp" -U postgres marginalia

quote() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

if [ -n "$replica" ]; then
    # initdb's trust rules already let local connections replicate.
    mkdir -p "$tmp/standby-socket"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$tmp/standby-socket"
    fi
    "${as_owner[@]}" "$PG_BIN/pg_basebackup" -h "$tmp" -U postgres -D "$standby" -R -X stream \
        --no-sync >"$tmp/basebackup.log" 2>&1 || {
        cat "$tmp/basebackup.log" >&2
        exit 1
    }
    cat >>"$standby/postgresql.conf" <<CONF
unix_socket_directories = '$tmp/standby-socket'
hot_standby = on
hot_standby_feedback = on
CONF
    standby_started=1
    "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$standby" -l "$tmp/standby.log" -w -t 60 start \
        >/dev/null || {
        cat "$tmp/standby.log" >&2
        exit 1
    }
    export MARGINALIA_TEST_REPLICA_URL="postgres://postgres@$(quote "$tmp/standby-socket")/marginalia"
fi

export DATABASE_URL="postgres://postgres@$(quote "$tmp")/marginalia"
export PGHOST="$tmp" PGUSER=postgres PGDATABASE=marginalia

status=0
"$@" || status=$?
exit "$status"
