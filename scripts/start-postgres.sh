#!/usr/bin/env bash
# Starts (idempotently) a throw-away PostgreSQL cluster on loopback for the store tests and
# prints its DATABASE_URL as the last line of stdout. Everything else goes to stderr.
#
#   PG_ROOT   cluster directory   (default $TMPDIR/tasks-console-pg)
#   PG_PORT   loopback port       (default 55432)
#   PG_DB, PG_USER, PG_PASSWORD   (default console / console / console)
#
# Run as root (CI, containers) it installs postgresql with apt-get when missing and runs the
# server as the `postgres` user, which initdb requires; run as anyone else it runs as that user.
set -euo pipefail

PG_ROOT="${PG_ROOT:-${TMPDIR:-/tmp}/tasks-console-pg}"
PG_PORT="${PG_PORT:-55432}"
PG_DB="${PG_DB:-console}"
PG_USER="${PG_USER:-console}"
PG_PASSWORD="${PG_PASSWORD:-console}"
DATA="$PG_ROOT/data"
SOCK="$PG_ROOT/sock"
LOG="$PG_ROOT/server.log"

log() { echo "start-postgres: $*" >&2; }

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and we are not root: install the postgresql package first."
    exit 1
  fi
  log "installing postgresql with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi

if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

mkdir -p "$PG_ROOT"
chown "$OWNER" "$PG_ROOT"
chmod 700 "$PG_ROOT"

# One caller at a time: two test runs starting together must not both initdb.
exec 9>"$PG_ROOT.lock"
flock 9

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "initdb in $DATA"
  as_owner mkdir -p "$DATA" "$SOCK"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --no-locale >&2
fi
as_owner mkdir -p "$SOCK"

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PG_PORT"
  # 9>&-: the server must not inherit the lock, or the next caller would wait forever.
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $PG_PORT -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off" start >&2 9>&-
fi

psql_admin() {
  as_owner "$BIN/psql" -h "$SOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]; then
  log "creating role $PG_USER"
  psql_admin -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
  log "creating database $PG_DB"
  psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\"" >&2
fi

echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
