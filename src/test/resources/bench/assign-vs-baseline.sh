#!/usr/bin/env bash
# Issue 23 item 5 against today's code: builds the commit before issue 23 (696fab3^, or $1) under
# target/baseline, then runs ForkedAssignmentRatio with a fifth child on that build (BaselineAssignChild,
# the plain variant written against that build's API), so that the current plain, layered, targeted and
# layered+targeted paths and the pre-issue plain path alternate in one run. From the repository root:
#   bash src/test/resources/bench/assign-vs-baseline.sh [COMMIT] [seconds per phase] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../../../.."
commit=${1:-696fab3^}
seconds=${2:-1}
rounds=${3:-11}
base=target/baseline
if [ ! -f "$base/cp.txt" ] || [ "$(cat "$base/commit" 2>/dev/null)" != "$(git rev-parse "$commit")" ]; then
  rm -rf "$base" && mkdir -p "$base"
  git archive "$(git rev-parse "$commit")" | tar -x -C "$base"
  (cd "$base" && mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime)
  git rev-parse "$commit" > "$base/commit"
fi
mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec java -Dbaseline.cp="$base/target/classes:$(cat "$base/cp.txt")" \
  -Dbaseline.child=src/test/resources/bench/baseline/BaselineAssignChild.java \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.recolab.bench.ForkedAssignmentRatio "$seconds" "$rounds"
