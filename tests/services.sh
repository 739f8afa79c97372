#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster and Redis server on free local ports,
# installing both from Debian's packages when they are missing (and, through tests/browser.sh,
# the chromium the results page is tested in), and stops them afterwards.
# The command finds them in TEST_POSTGRES_URL and TEST_REDIS_URL.
#
#   tests/services.sh .venv/bin/python -m pytest
set -euo pipefail

pg_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

if ! pg_bin >/dev/null || ! command -v redis-server >/dev/null; then
    echo "services: installing postgresql and redis-server from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends postgresql redis-server \
        >/dev/null 2>&1 \
        || { "${sudo_cmd[@]}" apt-get update -q >/dev/null \
            && "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends \
                postgresql redis-server >/dev/null; }
fi
PG_BIN=$(pg_bin)
# The browser for the results page's test, likewise.
"$(dirname "$0")/browser.sh"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

WORK=$(mktemp -d /tmp/bot-services.XXXXXX)
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)

# PostgreSQL refuses to run as root: the cluster then belongs to the postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$WORK" postgres
    chown postgres "$WORK"
    as_owner=(runuser -u postgres --)
fi

stop() {
    "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
trap stop EXIT

"${as_owner[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >/dev/null
# A cluster for tests: durability off, room for two bot processes and the suite at once.
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o \
    "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
     -c full_page_writes=off -c max_connections=200" start >/dev/null

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"
for _ in $(seq 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
done

export TEST_POSTGRES_URL="postgresql+asyncpg://postgres@127.0.0.1:$PG_PORT/postgres"
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
"$@"
