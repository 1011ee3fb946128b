#!/usr/bin/env bash
# Run a command against PostgreSQL: DATABASE_URL if set, otherwise a throwaway cluster
# made with the local binaries on a free port, removed afterwards.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then exec "$@"; fi

BIN=""
for candidate in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent)")" /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then BIN="$candidate"; break; fi
done
if [ -z "$BIN" ]; then
  echo "No PostgreSQL binaries found (initdb, pg_ctl): install Debian's 'postgresql' or set DATABASE_URL." >&2
  exit 1
fi
DATA=$(mktemp -d /tmp/approdi-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root: use the postgres account.
  chown postgres "$DATA"
  RUN_AS=(runuser -u postgres --)
fi
cleanup() { "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DATA"; }
trap cleanup EXIT
"${RUN_AS[@]}" "$BIN/initdb" -D "$DATA/db" -U postgres --auth=trust -E UTF8 >/dev/null
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" -l "$DATA/log" -w start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
