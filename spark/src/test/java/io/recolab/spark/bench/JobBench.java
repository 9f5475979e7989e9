package io.recolab.spark.bench;

import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.experiment.DefinitionJson;
import io.recolab.recommend.itemtoitem.ItemToItem;
import io.recolab.spark.ItemToItemJob;
import io.recolab.spark.ResultsJob;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

/**
 * One measurement per JVM (so peak memory is the run's own; spark/bench/run.sh wraps each in
 * /usr/bin/time): {@code gen-interactions N DIR}, {@code itemtoitem-spark N DIR}, {@code itemtoitem-memory N DIR},
 * {@code gen-events N DIR}, {@code results-spark N DIR}. Synthetic shop: customers with geometric baskets
 * (mean 20 items), item popularity Zipf-like over N/100 items. Prints one line: what, N, seconds.
 */
public final class JobBench {
    private JobBench() {
    }

    public static void main(String[] args) throws IOException {
        String what = args[0];
        long n = Long.parseLong(args[1]);
        Path dir = Path.of(args[2]);
        long start = System.nanoTime();
        String detail = "";
        switch (what) {
            case "gen-interactions" -> interactions(n, dir.resolve("interactions-" + n + ".csv"));
            case "itemtoitem-memory" -> {
                Interactions log = DataSource.parse("events:" + dir.resolve("interactions-" + n + ".csv")).load().interactions();
                double loaded = (System.nanoTime() - start) / 1e9;
                ItemToItem.Model model = ItemToItem.corrected().trainModel(log);
                detail = String.format("load %.1f s, table %d entries", loaded, model.table().related().length);
            }
            case "itemtoitem-spark" -> {
                SparkSession spark = session();
                ItemToItemJob.Summary s = ItemToItemJob.run(spark, new ItemToItemJob.Options(
                        dir.resolve("interactions-" + n + ".csv").toString(), "csv", dir.resolve("table-" + n).toString(),
                        50, 3, 2000, 0));
                detail = s.toString() + " shuffle " + shuffleBytes(spark);
            }
            case "gen-events" -> {
                SparkSession spark = session();
                // n events: exposures of n/2 units over 28 days, conversions of a tenth of them, as the lake holds them
                spark.range(n).select(
                        expr("concat('e', id)").as("id"), expr("'bench'").as("experiment"),
                        expr("if(id % 2 = 0, 'exposure', 'conversion')").as("type"),
                        expr("concat('u', cast(id / 2 as bigint) % " + Math.max(1, n / 4) + ")").as("unit"),
                        expr("if(hash(cast(id / 2 as bigint) % " + Math.max(1, n / 4) + ") % 2 = 0, 'C', 'T1')").as("treatment"),
                        expr("true").as("in_experiment"),
                        expr("if(id % 2 = 0, null, if(id % 4 = 1, 'purchase', 'revenue'))").as("metric"),
                        expr("if(id % 2 = 0, 0.0, (id % 1000) / 10.0)").as("value"),
                        expr("timestamp_seconds(1767225600 + (id * 7919) % (28 * 86400))").as("timestamp"),
                        expr("timestamp_seconds(1767225600 + (id * 7919) % (28 * 86400))").as("received_at"),
                        expr("array('i1')").as("items"))
                        .withColumn("day", col("timestamp").cast("date"))
                        .write().mode("overwrite").partitionBy("day").parquet(dir.resolve("lake-" + n).toString());
            }
            case "results-spark" -> {
                SparkSession spark = session();
                ResultsJob.Summary s = ResultsJob.run(spark, DefinitionJson.parse("""
                        {"key": "bench", "treatments": [{"name": "C", "weight": 1, "recommender": "bestseller"},
                          {"name": "T1", "weight": 1, "recommender": "item-to-item"}],
                         "metrics": [{"name": "purchase", "type": "binomial", "windowDays": 14},
                                     {"name": "revenue", "type": "mean", "windowDays": 7}]}"""),
                        new ResultsJob.Options(dir.resolve("lake-" + n).toString(), "lake",
                                dir.resolve("rollups-" + n).toString(), null, null, null));
                detail = s.units().size() + " units rows, " + s.metrics().size() + " metric rows, shuffle " + shuffleBytes(spark);
            }
            default -> throw new IllegalArgumentException("unknown measurement " + what);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RESULT %s n=%d seconds=%.1f s_per_million=%.2f partitions=%s %s%n", what, n, seconds,
                seconds / (n / 1e6), System.getProperty("partitions", "8"), detail);
    }

    private static SparkSession session() {
        // PARTITIONS (spark/bench/run.sh): shuffle partitions; Spark's default 200 is meant for a cluster and
        // on local[2] makes every shuffle 200 small tasks, each with its own files and per-task overhead
        String partitions = System.getProperty("partitions", "8");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("recolab-bench")
                .config("spark.sql.shuffle.partitions", partitions).config("spark.default.parallelism", partitions)
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted done) {
                SHUFFLE.addAndGet(done.stageInfo().taskMetrics().shuffleWriteMetrics().bytesWritten());
            }
        });
        return spark;
    }

    private static final java.util.concurrent.atomic.AtomicLong SHUFFLE = new java.util.concurrent.atomic.AtomicLong();

    /** Shuffle bytes written by the stages completed so far (a listener counts them; its events come late). */
    private static String shuffleBytes(SparkSession spark) {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return String.format("%.1f MB", SHUFFLE.get() / 1e6);
    }

    /** n interactions: baskets of mean 20 distinct-ish items, item popularity ~ 1/rank^0.8 over n/100 items. */
    static void interactions(long n, Path csv) throws IOException {
        Files.createDirectories(csv.getParent());
        Random random = new Random(5_000_000_000L);
        int items = (int) Math.max(100, n / 100);
        double[] cumulative = new double[items];
        double total = 0;
        for (int i = 0; i < items; i++) {
            total += 1 / Math.pow(i + 1, 0.8);
            cumulative[i] = total;
        }
        long written = 0;
        int customer = 0;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("customer,item,timestamp\n");
            while (written < n) {
                int basket = 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / 20.0));
                for (int k = 0; k < basket && written < n; k++) {
                    double u = random.nextDouble() * total;
                    int item = java.util.Arrays.binarySearch(cumulative, u);
                    item = item < 0 ? -item - 1 : item;
                    w.write("c" + customer + ",i" + Math.min(item, items - 1) + "," + (1_700_000_000L + written) + "\n");
                    written++;
                }
                customer++;
            }
        }
    }
}
