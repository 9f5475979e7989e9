#!/usr/bin/env bash
# Load test: one node versus two nodes on one PostgreSQL (docs/scale.md, "Measured").
# usage: [BATCH=100] [RUNS="assign-1node ..."] bash src/test/resources/bench/two-nodes.sh [seconds per run, default 20]
# Needs target/recolab.jar (mvn -q package -DskipTests), wrk, and PostgreSQL at 127.0.0.1:5432
# (database test, user postgres, trust auth). Each run uses a fresh schema, dropped at the end.
# The client side is the same in every run: two wrk processes, one thread and 32 connections each;
# "one node" points both at node A, "two nodes" points one at each.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
SECONDS_PER_RUN=${1:-20}
BENCH=src/test/resources/bench
export KEY=bench-admin-key-123456
export BATCH=${BATCH:-100} # events per POST in events.lua (the Java client sends up to 500)
SCHEMA=bench_$(date +%s)
PORT_A=18081
PORT_B=18082
PG="jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=$SCHEMA"
WORK=$(mktemp -d)
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA $SCHEMA"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d test -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_node() { # name port
  RECOLAB_ADMIN_KEY=$KEY java -Xms512m -Xmx512m -XX:+UseParallelGC -jar target/recolab.jar serve \
    --db "$PG" --port "$2" --host 127.0.0.1 --data-dir "$WORK/$1" --experiments "$WORK/none" \
    >"$WORK/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$2/api/v1/health" >/dev/null && return 0
    sleep 0.5
  done
  echo "node $1 did not start; see $WORK/$1.log" >&2
  exit 1
}

mkdir -p "$WORK/none"
start_node a $PORT_A
start_node b $PORT_B
auth=(-H "Authorization: Bearer $KEY")
curl -sf "${auth[@]}" -X POST "http://127.0.0.1:$PORT_A/api/v1/experiments" -d @experiments/homepage-recs.json >/dev/null
curl -sf "${auth[@]}" -X POST "http://127.0.0.1:$PORT_A/api/v1/experiments/homepage-recs/start" >/dev/null
sleep 3 # node B learns of the experiment through its change-counter poll (2 s)
curl -sf "${auth[@]}" "http://127.0.0.1:$PORT_B/api/v1/experiments/homepage-recs/assignment?unit=c1"; echo

stored() { psql -tA -h 127.0.0.1 -U postgres -d test -c "SELECT count(*) FROM $SCHEMA.events"; }

# wrk's --timeout is raised from 2 s: a request queued behind a slow group commit is still
# answered (and committed), and must not be counted as a failure. For events the committed count
# in PostgreSQL is the figure reported; wrk's own rate is shown beside it.
run() { # label script portX portY
  echo "== $1 ($(uptime | sed 's/.*load average/load average/'))"
  local before
  before=$(stored)
  RUN="$1-x" wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" --timeout 30s -s "$BENCH/$2" "http://127.0.0.1:$3" >"$WORK/x.out" &
  local x=$!
  RUN="$1-y" wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" --timeout 30s -s "$BENCH/$2" "http://127.0.0.1:$4" >"$WORK/y.out"
  wait $x
  grep -h "Requests/sec\|events/s\|Non-2xx\|Socket errors" "$WORK/x.out" "$WORK/y.out"
  awk '/Requests\/sec/ {s += $2} END {printf "total requests/s %.0f\n", s}' "$WORK/x.out" "$WORK/y.out"
  if [ "$2" = events.lua ]; then
    echo "committed events/s $(( ($(stored) - before) / SECONDS_PER_RUN ))"
  fi
  echo "   after: $(uptime | sed 's/.*load average/load average/')"
}

# Warm-up (JIT, pools), not reported.
SECONDS_PER_RUN_SAVED=$SECONDS_PER_RUN; SECONDS_PER_RUN=5
run warmup assign.lua $PORT_A $PORT_B >/dev/null
run warmup-events events.lua $PORT_A $PORT_B >/dev/null
SECONDS_PER_RUN=$SECONDS_PER_RUN_SAVED

# RUNS selects and orders the measured runs (default: all four).
for r in ${RUNS:-assign-1node assign-2nodes events-1node events-2nodes}; do
  case $r in
    assign-1node) run "$r" assign.lua $PORT_A $PORT_A ;;
    assign-2nodes) run "$r" assign.lua $PORT_A $PORT_B ;;
    events-1node) run "$r" events.lua $PORT_A $PORT_A ;;
    events-2nodes) run "$r" events.lua $PORT_A $PORT_B ;;
  esac
done
psql -tA -h 127.0.0.1 -U postgres -d test -c "SELECT 'stored events ' || count(*) || ', bytes per event (table + indexes) '
  || pg_total_relation_size('$SCHEMA.events') / greatest(count(*), 1) || ', unit rows ' ||
  (SELECT count(*) FROM $SCHEMA.experiment_units) || ', rollup rows ' ||
  (SELECT count(*) FROM $SCHEMA.daily_exposures) FROM $SCHEMA.events"
