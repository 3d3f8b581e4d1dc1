#!/usr/bin/env bash
# Run the whole suite twice: on SQLite (the embedded default, end-to-end tests included) and on a real
# PostgreSQL 15 server started for the run (temporary cluster on a free port, removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

echo "== Suite sur SQLite =="
env -u DATABASE_URL "$BIN/pytest" "$@"

echo "== Suite sur PostgreSQL =="
pgdir=$(mktemp -d /tmp/essaim-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$pgdir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
port=$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$PGBIN/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w start \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$BIN/pytest" -m "not e2e" "$@"
