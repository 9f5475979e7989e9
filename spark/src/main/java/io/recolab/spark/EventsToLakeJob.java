package io.recolab.spark;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;

/**
 * Raw events into the lake (docs/scale.md step 3): Parquet partitioned by the UTC day of each event's own
 * timestamp ({@code day=YYYY-MM-DD}), deduplicated by (experiment, id) as the server's store does (the
 * first received is kept). Idempotent: a run replaces exactly the days it writes (dynamic partition
 * overwrite) and leaves the other days alone, so re-running a day after a late or corrected export
 * rewrites that day to what the input now holds, and running it twice on the same input gives the same
 * rows. Input: the server's exports (JSON lines or CSV; README "Exports"), or the lake itself.
 *
 * <p>A day's events must all be in the input of a run that writes the day: the run replaces the day
 * with what it read. Reading the Kafka topic (step 3) is the same job with Spark's Kafka source
 * (spark-sql-kafka-0-10, {@code startingOffsets}/{@code endingOffsets} per day); see README "Spark jobs".
 */
public final class EventsToLakeJob {
    static final String USAGE = "EventsToLakeJob --events PATH --lake DIR [--format jsonl|csv|lake] [--day YYYY-MM-DD] "
            + "[--files-per-day 1]";
    private static final Set<String> ARGS = Set.of("events", "lake", "format", "day", "files-per-day");

    public record Options(String events, String format, String lake, LocalDate day, int filesPerDay) {
    }

    /** Days written and how many events each holds; duplicates dropped. */
    public record Summary(List<LocalDate> days, long events, long duplicates) {
    }

    private EventsToLakeJob() {
    }

    public static void main(String[] args) {
        JobArgs a = JobArgs.parse(args, ARGS, USAGE);
        String day = a.get("day", null);
        LocalDate date;
        try {
            date = day == null ? null : LocalDate.parse(day);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--day must be YYYY-MM-DD, got '" + day + "'");
        }
        Options options = new Options(a.required("events", USAGE), a.get("format", "jsonl"), a.required("lake", USAGE), date,
                a.integer("files-per-day", 1, 1));
        SparkSession spark = SparkSession.builder().appName("recolab events-to-lake").getOrCreate();
        try {
            Summary s = run(spark, options);
            System.out.printf("%d events into %d days (%d duplicates dropped): %s%n", s.events(), s.days().size(),
                    s.duplicates(), s.days());
        } finally {
            spark.stop();
        }
    }

    public static Summary run(SparkSession spark, Options o) {
        spark.conf().set("spark.sql.session.timeZone", "UTC"); // days are UTC days, whatever the cluster's zone
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        Dataset<Row> events = EventLog.read(spark, o.format(), o.events())
                .where(col("id").isNotNull().and(col("experiment").isNotNull()).and(col("timestamp").isNotNull()))
                .withColumn("day", EventLog.day());
        if (o.day() != null) {
            events = events.where(col("day").equalTo(lit(java.sql.Date.valueOf(o.day()))));
        }
        events = events.persist();
        long read = events.count();
        Dataset<Row> unique = events
                .withColumn("rank", row_number().over(Window.partitionBy("experiment", "id")
                        .orderBy(col("received_at").asc_nulls_last(), col("timestamp"))))
                .where(col("rank").equalTo(1)).drop("rank");
        long kept = unique.count();
        List<LocalDate> days = unique.select("day").distinct().orderBy("day").collectAsList().stream()
                .map(r -> r.getDate(0).toLocalDate()).toList();
        // Rows in one order within a day's files, so a re-run writes the same files' contents.
        // filesPerDay buckets by a hash of the id: a day's files hold the same rows on every run.
        unique.withColumn("bucket", pmod(hash(col("id")), lit(o.filesPerDay())))
                .repartition(col("day"), col("bucket"))
                .sortWithinPartitions("day", "experiment", "timestamp", "id").drop("bucket")
                .write().mode("overwrite").partitionBy("day").parquet(o.lake());
        events.unpersist();
        return new Summary(days, kept, read - kept);
    }
}
