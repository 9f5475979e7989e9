#!/usr/bin/env bash
# Measures the Spark jobs in local mode (local[2]) against the in-memory path, one JVM per measurement so
# that /usr/bin/time's peak RSS is that run's own. Usage, from the repository root after `mvn -B verify`
# (or `mvn -B install -DskipTests` and `mvn -B -f spark/pom.xml test-compile`):
#   bash spark/bench/run.sh 1000000 3000000 10000000
#   STEPS="gen-events results-spark" bash spark/bench/run.sh 1000000      # some measurements only
#   PARTITIONS=200 bash spark/bench/run.sh 1000000                                 # spark.sql.shuffle.partitions (default 8)
# Prints "RESULT ..." lines plus peak RSS; docs/scale.md has the table, the command and the load average.
# The server's classes (io.recolab:recolab:lib) come from the repository the root build staged them in
# (target/it-repo, where maven-invoker-plugin installs them), else from the local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
repo=()
if [ -d ../target/it-repo/io/recolab/recolab ]; then
  sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#" it-settings.xml > target/bench-settings.xml
  repo=(-s target/bench-settings.xml -Dmaven.repo.local="$(cd ../target/it-repo && pwd)")
fi
resolve=(org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/bench.classpath
  -Dmdep.includeScope=test)
# offline first; once online if the staging repository lacks the plugin (it copies it from the local repository)
mvn -q -o "${repo[@]}" "${resolve[@]}" >/dev/null 2>&1 || mvn -q "${repo[@]}" "${resolve[@]}" >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
opens=$(grep -o -- '--add-opens=[^ <]*' pom.xml | tr '\n' ' ')
run() {
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "peak RSS %M KB, wall %e s, cpu %U+%S s" nice -n ${NICE:-10} java ${HEAP:--Xmx8g} -Dpartitions=${PARTITIONS:-8} $opens -cp "$cp" io.recolab.spark.bench.JobBench "$@" 2>&1 \
    | grep -E "^RESULT|peak RSS|Exception|Error" || true
}
steps=${STEPS:-gen-interactions itemtoitem-memory itemtoitem-spark gen-events results-spark}
for n in "${sizes[@]}"; do
  for step in $steps; do
    run "$step" "$n" "$work"
  done
done
