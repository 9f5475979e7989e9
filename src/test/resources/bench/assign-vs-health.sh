#!/usr/bin/env bash
# Issue 23 item 5 over HTTP: the assignment endpoint with attributes, on a targeted and layered
# experiment, against the health endpoint, in alternating wrk runs on one server, so that both see
# the same machine load. Prints requests/s per round, the ratio assignment/health and the median.
# usage: bash src/test/resources/bench/assign-vs-health.sh [seconds per run, default 10] [rounds, default 5]
# Needs wrk and target/recolab.jar (built here with `mvn -B -q -o package -DskipTests` if absent).
# The server runs on the default embedded H2 store in a temporary directory, removed at the end, with
# the rate limit off: the health calls carry no key, and the per-address limit (5,000/s by default)
# would otherwise cap the baseline and answer 429 (assignment is exempt from the limit anyway).
# THREADS and CONNECTIONS (default 1 and 32) set wrk's client side, the same for both endpoints.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
SECONDS_PER_RUN=${1:-10}
ROUNDS=${2:-5}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18093}
BENCH=src/test/resources/bench
export KEY=bench-admin-key-123456
export EXPERIMENT=targeted-layered
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)

[ -f target/recolab.jar ] || mvn -B -q -o package -DskipTests

pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/none"
RECOLAB_ADMIN_KEY=$KEY java -Xms512m -Xmx512m -XX:+UseParallelGC -jar target/recolab.jar serve \
  --port "$PORT" --host 127.0.0.1 --data-dir "$WORK/data" --experiments "$WORK/none" --rate-limit 0 \
  >"$WORK/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -sf "$BASE/api/v1/health" >/dev/null && break
  sleep 0.5
done
curl -sf "$BASE/api/v1/health" >/dev/null || { echo "server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }

auth=(-H "Authorization: Bearer $KEY" -H "Content-Type: application/json")
# The experiment: today's homepage-recs, targeted (country in three, device mobile) and holding a
# whole layer, so a unit the targeting takes is hashed for the layer and for the experiment.
sed -e 's/"homepage-recs"/"'$EXPERIMENT'"/' -e '$ d' experiments/homepage-recs.json >"$WORK/def.json"
cat >>"$WORK/def.json" <<'JSON'
  ,"targeting": {"and": [{"country": {"in": ["AT", "CH", "DE"]}}, {"device": {"eq": "mobile"}}]},
  "layer": {"name": "home-row", "buckets": [0, 10000]}
}
JSON
curl -sf "${auth[@]}" -X POST "$BASE/api/v1/experiments" -d @"$WORK/def.json" >/dev/null \
  || { echo "create refused:" >&2; curl -s "${auth[@]}" -X POST "$BASE/api/v1/experiments" -d @"$WORK/def.json" >&2; exit 1; }
curl -sf "${auth[@]}" -X POST "$BASE/api/v1/experiments/$EXPERIMENT/start" >/dev/null
echo "in:  $(curl -sf "${auth[@]}" "$BASE/api/v1/experiments/$EXPERIMENT/assignment?unit=c1&attr.country=DE&attr.device=mobile")"
echo "out: $(curl -sf "${auth[@]}" "$BASE/api/v1/experiments/$EXPERIMENT/assignment?unit=c1&attr.country=FR&attr.device=mobile")"

rps() { # seconds, then wrk's target arguments; prints requests/s, fails on errors
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" "${@:2}")
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then
    echo "wrk reported errors:" >&2
    echo "$out" >&2
    exit 1
  fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
health() { rps "$1" "$BASE/api/v1/health"; }
assign() { rps "$1" -s "$BENCH/assign-attrs.lua" "$BASE"; }

load() { uptime | sed 's/.*load average/load average/'; }
echo "warm-up ($(load))"
health 5 >/dev/null
assign 5 >/dev/null
ratios=()
for r in $(seq 1 "$ROUNDS"); do
  # alternate which endpoint goes first, so neither always runs on the tail of the other's load
  if [ $((r % 2)) -eq 1 ]; then h=$(health "$SECONDS_PER_RUN"); a=$(assign "$SECONDS_PER_RUN")
  else a=$(assign "$SECONDS_PER_RUN"); h=$(health "$SECONDS_PER_RUN"); fi
  ratio=$(awk -v a="$a" -v h="$h" 'BEGIN {printf "%.2f", a / h}')
  ratios+=("$ratio")
  echo "round $r: health $h req/s, assignment with attributes $a req/s, ratio $ratio ($(load))"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1} END {
  m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "median ratio %.2f (range %.2f-%.2f over %d rounds)\n", m, v[1], v[NR], NR }'
