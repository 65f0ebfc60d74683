#!/usr/bin/env bash
# A throwaway PostgreSQL server for the team-database tests: Debian's
# `postgresql` package started as a fresh cluster in a temp folder, listening
# on 127.0.0.1 only (on a free port; its unix socket stays in the folder),
# with fsync off (nothing in it is kept), a superuser `tierdesk` with a random
# password checked by scram, and pg_trgm available. It is stopped and removed
# when the command ends, also when the tests fail or are interrupted.
#
#   scripts/pg-test.sh cargo test -p tierdesk-store   runs a command with the server
#   . scripts/pg-test.sh                              starts it for this shell; it
#                                                     stops when the shell exits
#
# Either way TIERDESK_TEST_PG holds the URL of the cluster's maintenance
# database (postgres://tierdesk:…@127.0.0.1:PORT/postgres?sslmode=disable:
# loopback, unencrypted as asked for); the store's test harness creates a
# database per test from it. The server also speaks TLS, with a certificate
# for the host name `localhost` only, signed by a CA made for this run
# (TIERDESK_TEST_PG_CA, a PEM file): the connecting tests check verify-full
# with it, without it, and on the wrong host name (127.0.0.1). PostgreSQL refuses to run as
# root (CI runs as root), so the server then runs as the `postgres` system
# user the package creates.

pg_test_bin() {
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$v" ] || [ ! -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
    echo "pg-test: PostgreSQL is not installed (run scripts/setup.sh, or apt-get install postgresql)" >&2
    return 1
  fi
  echo "/usr/lib/postgresql/$v/bin"
}

# Runs a server program as the cluster's owner.
pg_test_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# A port nothing listens on, from the unprivileged range. Another program may
# still take it before the server does: the start below then tries another.
pg_test_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

pg_test_start() {
  local bin dir password port started="" t0=$EPOCHREALTIME
  bin=$(pg_test_bin) || return 1
  # As root the server runs as `postgres`, which may not enter root's own
  # TMPDIR: the folder then goes in /tmp.
  local parent=${TMPDIR:-/tmp}
  [ "$(id -u)" -eq 0 ] && parent=/tmp
  dir=$(mktemp -d "$parent/tierdesk-pg.XXXXXX") || return 1
  PG_TEST_DIR=$dir
  PG_TEST_BIN=$bin
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$dir/pwfile"
  chmod 700 "$dir"
  chmod 600 "$dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
  # C.UTF-8 classifies Chinese characters as letters, so pg_trgm makes
  # trigrams of names in Chinese (under the C locale it would skip them).
  if ! pg_test_as_owner "$bin/initdb" -D "$dir/data" -U tierdesk --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    echo "pg-test: initdb failed" >&2
    return 1
  fi
  # The tests keep nothing, so the server skips flushing to disk; the
  # benchmarks (PG_TEST_DURABLE=1, scripts/pg-bench.sh) keep the package's
  # defaults, as a team's server would run.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_TEST_DURABLE:-}" = 1 ] && durability=""
  local ssl=""
  pg_test_certificates "$dir" && ssl="-c ssl=on -c ssl_cert_file=$dir/server.pem -c ssl_key_file=$dir/server.key"
  for _ in 1 2 3 4 5; do
    port=$(pg_test_port) || break
    if pg_test_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir \
          $durability -c max_connections=200 $ssl" start >/dev/null; then
      started=$port
      break
    fi
  done
  if [ -z "$started" ]; then
    cat "$dir/server.log" >&2 2>/dev/null
    echo "pg-test: the PostgreSQL server did not start" >&2
    return 1
  fi
  PG_TEST_PORT=$started
  export TIERDESK_TEST_PG="postgres://tierdesk:$password@127.0.0.1:$started/postgres?sslmode=disable"
  [ -n "$ssl" ] && export TIERDESK_TEST_PG_CA="$dir/ca.pem"
  echo "pg-test: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$started" \
    "($dir), started in $(pg_test_since "$t0") s"
}

# A CA and a server certificate for `localhost` (not 127.0.0.1), made with
# the openssl program; without it the server runs without TLS and the TLS
# tests say so.
pg_test_certificates() {
  local dir=$1
  command -v openssl >/dev/null || { echo "pg-test: no openssl program, TLS off" >&2; return 1; }
  (
    cd "$dir" &&
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj "/CN=TierDesk test CA" -keyout ca.key -out ca.pem \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" &&
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj "/CN=localhost" -keyout server.key -out server.csr &&
      printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext &&
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        -extfile server.ext -out server.pem
  ) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; return 1; }
  chmod 600 "$dir/server.key"
  chmod 644 "$dir/ca.pem"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/server.key" "$dir/server.pem"
  return 0
}

# Seconds since a moment of $EPOCHREALTIME, to a tenth.
pg_test_since() {
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

pg_test_stop() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  local t0=$EPOCHREALTIME
  if [ -f "$PG_TEST_DIR/data/postmaster.pid" ]; then
    # Immediate: nothing in the cluster is kept, so there is nothing to flush.
    pg_test_as_owner "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_TEST_DIR"
  echo "pg-test: stopped and removed in $(pg_test_since "$t0") s"
  PG_TEST_DIR=""
  unset TIERDESK_TEST_PG TIERDESK_TEST_PG_CA
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: start for this shell and stop when it exits, after whatever the
  # shell already meant to do on exit (test.sh prints its phase table).
  __pg_test_prev_exit=""
  eval "set -- $(trap -p EXIT)"
  [ $# -ge 3 ] && __pg_test_prev_exit=$3
  set --
  trap 'pg_test_stop; eval "$__pg_test_prev_exit"' EXIT
  pg_test_start || return 1
else
  set -euo pipefail
  if [ $# -eq 0 ]; then
    echo "usage: scripts/pg-test.sh COMMAND [ARGS…]   (or source it)" >&2
    exit 2
  fi
  trap pg_test_stop EXIT
  # The command runs in the background so that a signal reaches this script
  # at once (bash holds traps while a foreground child runs): it is passed
  # on to the command, and the server is stopped once the command is gone.
  pg_test_child=""
  pg_test_signal() {
    [ -n "$pg_test_child" ] && kill -s "$1" "$pg_test_child" 2>/dev/null && wait "$pg_test_child"
    exit "$2"
  }
  trap 'pg_test_signal INT 130' INT
  trap 'pg_test_signal TERM 143' TERM
  pg_test_start
  set +e
  "$@" &
  pg_test_child=$!
  wait "$pg_test_child"
  rc=$?
  set -e
  exit "$rc"
fi
