#!/usr/bin/env bash
# A throw-away PostgreSQL cluster around one command (issue 26, the PostgreSQL baseline): initdb in a
# temporary directory, a free loopback port, the unix socket in that directory, synchronous_commit=on,
# fsync=on; runs the command with PGHOST, PGPORT, PGUSER, PGDATABASE and PGDATA set, then stops the
# cluster and removes the directory, also when the command fails or the script is interrupted.
#   bench/pg.sh [--port N] command [args...]
# The binaries: $PG_BIN, else the newest /usr/lib/postgresql/*/bin (Debian, Ubuntu), /usr/pgsql-*/bin,
# /usr/local/pgsql/bin, else initdb and pg_ctl on the PATH. Without them it says how to install
# PostgreSQL, runs nothing and exits 0, so that the suite goes on without the comparison.
# PostgreSQL refuses to run as root: as root, initdb and the server run as the user postgres (the
# Debian package makes it), else nobody, owning the temporary directory; the command runs as the caller.
set -euo pipefail

port=""
if [[ "${1:-}" == "--port" ]]; then
  port="$2"
  shift 2
fi
if [[ $# -eq 0 ]]; then
  echo "usage: bench/pg.sh [--port N] command [args...]" >&2
  exit 2
fi

find_bin() {
  local d
  if [[ -n "${PG_BIN:-}" ]]; then
    [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] && echo "$PG_BIN"
    return 0
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) $(ls -d /usr/pgsql-*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
      echo "$d"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
  fi
}

bin="$(find_bin)"
if [[ -z "$bin" ]]; then
  echo "SKIPPED: PostgreSQL not found (initdb and pg_ctl in \$PG_BIN, /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin,"
  echo "/usr/local/pgsql/bin or on the PATH). Install it with: apt-get install postgresql (Debian, Ubuntu),"
  echo "or set PG_BIN to the directory holding initdb, pg_ctl and postgres."
  exit 0
fi

if [[ $EUID -eq 0 ]]; then
  if id -u postgres >/dev/null 2>&1; then user=postgres; else user=nobody; fi
  as_pg() { runuser -u "$user" -- "$@"; }
else
  user="$(id -un)"
  as_pg() { "$@"; }
fi

if [[ -z "$port" ]]; then
  # A port nothing answers on (bash's /dev/tcp: no other tool needed).
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      port=$candidate
      break
    fi
  done
  [[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/dareg-pg.XXXXXX")"
child=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
    kill "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    # Immediate: the data is thrown away, so no shutdown checkpoint.
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
  fi
  if [[ $rc -ne 0 && -f "$dir/server.log" ]]; then
    echo "--- the end of the PostgreSQL server log:" >&2
    tail -n 20 "$dir/server.log" >&2 || true
  fi
  rm -rf "$dir"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chown "$user" "$dir"
as_pg "$bin/initdb" -D "$dir/data" -U dareg --auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# trust is safe here: the server listens on loopback and on a socket in a directory only $user may enter.
cat >>"$dir/data/postgresql.conf" <<EOF
# bench/pg.sh (issue 26)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 512MB
synchronous_commit = on
fsync = on
full_page_writes = on
max_wal_size = 4GB
checkpoint_timeout = 30min
jit = off
EOF
as_pg touch "$dir/server.log"
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
echo "# PostgreSQL from $bin, a throw-away cluster in $dir run by $user, 127.0.0.1:$port"

export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=dareg PGDATABASE=postgres PGDATA="$dir/data"
# In the background, so that a signal interrupts the wait and the trap stops the cluster at once.
"$@" &
child=$!
rc=0
wait "$child" || rc=$?
child=""
exit $rc
