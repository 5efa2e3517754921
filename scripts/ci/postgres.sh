#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for the tests and prints the environment that
# points them at a database of their own. Uses the machine's server on 127.0.0.1:5432 when
# one runs (trust auth); otherwise installs Debian's postgresql and starts a throw-away
# cluster on 127.0.0.1:55432. Usage: eval "$(scripts/ci/postgres.sh <database>)"
set -euo pipefail

database="${1:-action_trigger_test}"
host=127.0.0.1

log() { printf '%s\n' "$*" >&2; }

answers() { pg_isready -q -h "$host" -p "$1" 2>/dev/null; }

port=5432

if ! command -v pg_isready >/dev/null 2>&1 || ! answers "$port"; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql/*/main >/dev/null 2>&1; then
    log "starting the machine's PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start >&2 || true
  fi
fi

if ! command -v pg_isready >/dev/null 2>&1 || ! answers "$port"; then
  port=55432
  cluster=/tmp/action-trigger-pg

  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log 'installing postgresql from Debian'
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi

  bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | tail -n 1)")"

  if ! answers "$port"; then
    log "starting a throw-away cluster in $cluster on port $port"
    rm -rf "$cluster"
    mkdir -p "$cluster"
    chown postgres "$cluster"
    su postgres -c "$bin/initdb -D $cluster/data -A trust -U postgres" >&2
    su postgres -c "$bin/pg_ctl -D $cluster/data -o '-p $port -k /tmp -c listen_addresses=$host' -l $cluster/log -w start" >&2
  fi
fi

psql -h "$host" -p "$port" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $database" >&2
psql -h "$host" -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $database" >&2

cat <<ENV
export DB_DIALECT=postgres DB_HOST=$host DB_PORT=$port DB_USER=postgres DB_PASSWORD= DB_DATABASE=$database
ENV
