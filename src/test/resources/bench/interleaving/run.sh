#!/usr/bin/env bash
# Interleaving vs A/B on the same replayed customers (issue 24, docs/evaluation.md "Interleaving vs A/B").
# Run from the repository root after `mvn -q package -DskipTests`; RECOLAB overrides the command, e.g.
#   RECOLAB="java -cp target/classes:$(cat cp.txt) io.recolab.cli.Main" src/test/resources/bench/interleaving/run.sh
# For each data set and pair: 20 seeds; per seed, the number of customers (in visit order) each design needs
# to reach p < 0.05 in the direction of the A/B test on all customers of that seed.
set -euo pipefail
RECOLAB=${RECOLAB:-"java -jar target/recolab.jar"}
SEEDS=${SEEDS:-20}
DATA=${DATA:-../shared/data}
run() { # definition data from days
    echo "## $1 on $2, from $3 for $4 days (load $(cut -d' ' -f1-3 /proc/loadavg))"
    nice -n 10 $RECOLAB simulate --experiment "$1" --data "$2" --from "$3" --days "$4" --compare-designs "$SEEDS" 2>/dev/null
    echo
}
# Online Retail: trained on Dec 2010 - May 2011, customers visiting June 1 - Nov 25 2011 (14-day windows end
# before the data's last day, Dec 9 2011).
# Each pair twice: team-draft as published (items both lists hold credit their picker), then with
# "sharedItems": "neutral" (they credit nobody).
for pair in i2i-bestseller i2i-user-based; do
  for rule in "" -neutral; do
    run "docs/examples/interleave-$pair$rule.json" "online-retail:$DATA/online-retail/online-retail.csv" 2011-06-01 177
  done
done
# MovieLens 100k: trained on Sep 20 - Oct 31 1997, users visiting Nov 1 1997 - Apr 8 1998.
for pair in i2i-bestseller i2i-user-based; do
  for rule in "" -neutral; do
    run "docs/examples/interleave-$pair$rule.json" "movielens:$DATA/ml-100k/u.data" 1997-11-01 158
  done
done
