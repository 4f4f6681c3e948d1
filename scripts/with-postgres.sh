#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster (unless DATABASE_URL is set).
# The cluster listens only on a Unix socket in a temporary directory and is removed after.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then exec "$@"; fi

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it." >&2
  exit 1
fi
dir=$(mktemp -d /tmp/samskap-pg.XXXXXX)
port=${SAMSKAP_PG_PORT:-$((54000 + RANDOM % 900))}
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${as_pg[@]}" "$pgbin/createdb" -h "$dir" -p "$port" -U postgres samskap
export DATABASE_URL="postgres://postgres@${dir//\//%2F}:${port}/samskap"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on socket $dir port $port"
"$@"
