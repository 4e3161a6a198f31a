#!/usr/bin/env bash
# What each SQL statement costs PostgreSQL in one durable bench run (docs/performance.md, "Running the
# benchmark"). Starts a private PostgreSQL with pg_stat_statements on a free loopback port (the shared
# server cannot load it without a restart), runs one workload once against it in durable mode (Redis
# as for make bench), prints calls, time and WAL per statement and per job, then stops and deletes the
# server. Usage: bench/sql-costs.sh [workload [more bench options]] (default w1_flat; the names of
# `bench --help`). The counts cover the run's measured window only (bench --sql-costs).
set -euo pipefail

WORKLOAD=${1:-w1_flat}
JAR=${JAR:-target/workflow-orchestrator.jar}
JAVA=${JAVA:-java}
BENCH_HARNESS_JVM=${BENCH_HARNESS_JVM:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
[ -f "$JAR" ] || { echo "sql-costs: $JAR not found; run make build first" >&2; exit 2; }

BIN=$(pg_config --bindir 2>/dev/null || true)
[ -x "$BIN/initdb" ] || BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "sql-costs: initdb not found (install the PostgreSQL server package)" >&2; exit 2; }

# initdb refuses to run as root: the server then runs as the postgres user.
AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "sql-costs: as root, the server runs as the user postgres, which does not exist" >&2; exit 2; }
  AS=(runuser -u postgres --)
fi

PORT=""
for p in $(seq 55432 55499); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
done
[ -n "$PORT" ] || { echo "sql-costs: no free port in 55432-55499" >&2; exit 2; }

DIR=$(mktemp -d /tmp/wfo-sql-costs.XXXXXX)
chmod 755 "$DIR"
[ ${#AS[@]} -eq 0 ] || chown postgres "$DIR"
stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -A trust -U postgres >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
cat >>"$DIR/data/postgresql.conf" <<EOF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
EOF
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 start >/dev/null
echo "sql-costs: $WORKLOAD in durable mode against a private PostgreSQL on 127.0.0.1:$PORT"
BENCH_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/postgres" \
  $JAVA $BENCH_HARNESS_JVM -jar "$JAR" bench --jar "$JAR" --modes durable --workloads "$WORKLOAD" --runs 1 --sql-costs \
  --out "$DIR/results" "${@:2}" | sed -n '/^bench: durable/,/all statements/p'
