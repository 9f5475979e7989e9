#!/usr/bin/env bash
# Runs a class of the bench harness (src/test/java/io/recolab/bench) on the test class path, from the
# repository root, e.g.
#   bash src/test/resources/bench/run.sh io.recolab.bench.IngestRatio 6 5
#   JAVA_OPTS=-Xmx2g bash src/test/resources/bench/run.sh io.recolab.bench.AutoencoderBench eval movielens:../shared/data/ml-100k/u.data
set -euo pipefail
cd "$(dirname "$0")/../../../.."
mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/cp.txt)" "$@"
