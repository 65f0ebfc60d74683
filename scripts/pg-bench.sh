#!/usr/bin/env bash
# The team database's benchmarks beside the local file's, against a throwaway
# PostgreSQL cluster (scripts/pg-test.sh) that keeps the package's default
# settings (fsync, synchronous commit and full-page writes on, as a team's
# server runs; the tests' cluster turns them off), under `nice` so that other
# work on the machine keeps its share:
#
#   scripts/pg-bench.sh                  import, list and rating
#   scripts/pg-bench.sh import           the Online Retail CSV import beside pandas to_sql
#   scripts/pg-bench.sh list rating      the million-customer parts
#
# BENCH_RUNS (3) repeats each figure; the best and the slowest are printed.
# pandas' comparison needs a Python with pandas, SQLAlchemy and
# psycopg2-binary: PANDAS_PYTHON, else ~/.cache/bench-py, which this script
# makes when it is missing and pip can reach the package index
# (PG_BENCH_NO_VENV=1 skips that). The benchmark itself is
# crates/tierdesk-api/benches/team.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="$HOME/.cache/bench-py"
if [ -z "${PANDAS_PYTHON:-}" ] && [ "${PG_BENCH_NO_VENV:-}" != 1 ] \
  && ! "$venv/bin/python" -c "import pandas, sqlalchemy, psycopg2" 2>/dev/null; then
  echo "pg-bench: preparing $venv (pandas, SQLAlchemy, psycopg2-binary) for the to_sql comparison"
  { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } \
    && "$venv/bin/pip" install -q pandas sqlalchemy psycopg2-binary \
    || echo "pg-bench: no pandas comparison (the venv could not be made)" >&2
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/tierdesk-target}
nice -n 10 cargo bench -p tierdesk-api --bench team --no-run
export PG_TEST_DURABLE=1
exec nice -n 10 scripts/pg-test.sh cargo bench -p tierdesk-api --bench team -- "$@"
