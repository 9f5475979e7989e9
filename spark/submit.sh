#!/usr/bin/env bash
# Submits one of the Spark jobs to a cluster (or local mode) with spark-submit, so that nobody has to
# remember the class names or the job jar's path. Usage:
#   spark/submit.sh JOB [spark-submit options ...] -- [job arguments ...]
#   JOB: events-to-lake | results | item-to-item
# e.g.
#   spark/submit.sh results --master yarn --deploy-mode client --packages org.postgresql:postgresql:42.7.4 -- \
#     --events hdfs:///recolab/lake/events --format lake --definition experiments/homepage-recs.json --jdbc jdbc:postgresql://db/recolab
#   spark/submit.sh events-to-lake --master yarn --packages org.apache.spark:spark-sql-kafka-0-10_2.13:4.0.1 -- \
#     --events kafka:k1:9092,k2:9092 --lake hdfs:///recolab/lake/events --day 2026-03-02
#   PARTITIONS=2000 spark/submit.sh item-to-item --master yarn --num-executors 50 -- --input hdfs:///i/ --output hdfs:///m/
# Environment: SPARK_SUBMIT (default $SPARK_HOME/bin/spark-submit, else spark-submit on the PATH);
# PARTITIONS sets spark.sql.shuffle.partitions (Spark's default, 200, suits a cluster; on one machine
# fewer are faster: docs/scale.md); JAR the job jar (default spark/target/recolab-spark.jar, built by
# `mvn -B verify` at the root, or README "Spark jobs").
set -euo pipefail
usage() {
  sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 1 ] || usage
job=$1
shift
case "$job" in
  events-to-lake) class=io.recolab.spark.EventsToLakeJob ;;
  results) class=io.recolab.spark.ResultsJob ;;
  item-to-item) class=io.recolab.spark.ItemToItemJob ;;
  *) echo "unknown job '$job': events-to-lake, results or item-to-item" >&2; usage ;;
esac
spark_opts=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  spark_opts+=("$1")
  shift
done
[ $# -gt 0 ] && shift # the "--"
jar=${JAR:-"$(cd "$(dirname "$0")" && pwd)/target/recolab-spark.jar"}
if [ ! -f "$jar" ]; then
  echo "no job jar at $jar: build it first (mvn -B verify at the repository root; README \"Spark jobs\")" >&2
  exit 1
fi
submit=${SPARK_SUBMIT:-}
if [ -z "$submit" ]; then
  if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
    submit=$SPARK_HOME/bin/spark-submit
  elif command -v spark-submit >/dev/null; then
    submit=spark-submit
  else
    echo "spark-submit not found: set SPARK_HOME or SPARK_SUBMIT, or put it on the PATH" >&2
    exit 1
  fi
fi
conf=()
[ -n "${PARTITIONS:-}" ] && conf=(--conf "spark.sql.shuffle.partitions=$PARTITIONS")
# The job prints its own usage on a bad argument; the rest of the command line is the job's.
exec "$submit" --class "$class" --name "recolab $job" "${conf[@]}" "${spark_opts[@]}" "$jar" "$@"
