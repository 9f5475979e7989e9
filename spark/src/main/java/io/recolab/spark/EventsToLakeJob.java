package io.recolab.spark;

import io.recolab.kafka.KafkaTarget;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
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
 * overwrite) and leaves the other days alone, so re-running a day after a late or corrected input
 * rewrites that day to what the input now holds, and running it twice on the same input gives the same
 * rows. Input: the server's event topic ({@code --events kafka:HOST:PORT[,...]}, the records the serving
 * nodes produced, see {@link EventTopic}), the server's exports (JSON lines or CSV; README "Exports"),
 * or the lake itself.
 *
 * <p>A day's events must all be in the input of a run that writes the day: the run replaces the day
 * with what it read. From the topic, read it from {@code earliest} (all that retention keeps) and name
 * the day ({@code --day}): the oldest day in the topic may already be partly deleted by retention.
 */
public final class EventsToLakeJob {
    static final String USAGE = "EventsToLakeJob --events PATH|kafka:HOST:PORT[,HOST:PORT...] --lake DIR "
            + "[--format jsonl|csv|lake] [--topic recolab.events] [--starting-offsets earliest|JSON] "
            + "[--ending-offsets latest|JSON] [--day YYYY-MM-DD] [--files-per-day 1]";
    private static final Set<String> ARGS = Set.of("events", "lake", "format", "day", "files-per-day", "topic",
            "starting-offsets", "ending-offsets");

    /**
     * @param format          {@code kafka} (events names the bootstrap servers), {@code jsonl}, {@code csv} or {@code lake}
     * @param topic           the event topic (kafka only; the server's default {@code recolab.events})
     * @param startingOffsets Spark's Kafka source option: {@code earliest} or per-partition JSON (kafka only)
     * @param endingOffsets   {@code latest} or per-partition JSON, exclusive (kafka only)
     */
    public record Options(String events, String format, String lake, LocalDate day, int filesPerDay, String topic,
                          String startingOffsets, String endingOffsets) {
        /** From a file input (exports or the lake). */
        public Options(String events, String format, String lake, LocalDate day, int filesPerDay) {
            this(events, format, lake, day, filesPerDay, null, null, null);
        }

        /** From the event topic, all of it that the broker keeps (earliest to latest). */
        public static Options kafka(String servers, String topic, String lake, LocalDate day, int filesPerDay) {
            return new Options(servers, "kafka", lake, day, filesPerDay, topic, "earliest", "latest");
        }
    }

    /**
     * Days written, events kept, duplicates dropped; from the topic also records that were not recolab
     * events (skipped) and candidate conversions without a covering show (not conversions, as in the processor).
     */
    public record Summary(List<LocalDate> days, long events, long duplicates, long skipped, long unconverted) {
    }

    private EventsToLakeJob() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = options(args);
        } catch (IllegalArgumentException | io.recolab.domain.DomainError e) {
            System.err.println("events-to-lake: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("recolab events-to-lake").getOrCreate();
        try {
            Summary s = run(spark, options);
            System.out.printf("%d events into %d days (%d duplicates dropped, %d records skipped, %d candidate conversions"
                    + " without a show): %s%n", s.events(), s.days().size(), s.duplicates(), s.skipped(), s.unconverted(),
                    s.days());
        } finally {
            spark.stop();
        }
    }

    /** The command line's options, checked: a bad one is an IllegalArgumentException (or DomainError) naming it. */
    static Options options(String[] args) {
        JobArgs a = JobArgs.parse(args, ARGS, USAGE);
        String day = a.get("day", null);
        LocalDate date;
        try {
            date = day == null ? null : LocalDate.parse(day);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--day must be YYYY-MM-DD, got '" + day + "'");
        }
        String events = a.required("events", USAGE);
        boolean kafka = events.startsWith("kafka:");
        String format = a.get("format", kafka ? "kafka" : "jsonl");
        if (kafka != format.equals("kafka")) {
            throw new IllegalArgumentException(kafka ? "--format must be kafka (or absent) with --events kafka:..., got '"
                    + format + "'" : "--format kafka needs --events kafka:HOST:PORT[,HOST:PORT...]");
        }
        if (!kafka) {
            for (String only : new String[] {"topic", "starting-offsets", "ending-offsets"}) {
                if (a.get(only, null) != null) {
                    throw new IllegalArgumentException("--" + only + " applies only to --events kafka:...");
                }
            }
            return new Options(events, format, a.required("lake", USAGE), date, a.integer("files-per-day", 1, 1));
        }
        KafkaTarget target = KafkaTarget.parse(events, a.get("topic", null)); // the server's own check of both
        return new Options(target.bootstrap(), "kafka", a.required("lake", USAGE), date, a.integer("files-per-day", 1, 1),
                target.topic(), offsets(a.get("starting-offsets", "earliest"), "starting-offsets", "earliest"),
                offsets(a.get("ending-offsets", "latest"), "ending-offsets", "latest"));
    }

    private static String offsets(String value, String name, String keyword) {
        String v = value.trim();
        if (!v.equals(keyword) && !v.startsWith("{")) {
            throw new IllegalArgumentException("--" + name + " must be " + keyword
                    + " or JSON per partition like {\"recolab.events\":{\"0\":42,\"1\":17}}, got '" + value + "'");
        }
        return v;
    }

    public static Summary run(SparkSession spark, Options o) {
        spark.conf().set("spark.sql.session.timeZone", "UTC"); // days are UTC days, whatever the cluster's zone
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        Dataset<Row> source;
        long skipped = 0;
        long unconverted = 0;
        EventTopic.Read topic = null;
        if (o.format().equals("kafka")) {
            topic = EventTopic.read(spark, KafkaTarget.parse(o.events(), o.topic()), o.startingOffsets(), o.endingOffsets());
            skipped = topic.skipped();
            topic.examples().forEach(x -> System.err.println("events-to-lake: skipped a record that is not a recolab event, " + x));
            source = topic.events();
        } else {
            source = EventLog.read(spark, o.format(), o.events());
        }
        Dataset<Row> events = source
                .where(col("id").isNotNull().and(col("experiment").isNotNull()).and(col("timestamp").isNotNull()))
                .withColumn("day", EventLog.day());
        if (o.day() != null) {
            events = events.where(col("day").equalTo(lit(java.sql.Date.valueOf(o.day()))));
        }
        events = events.persist();
        long read = events.count();
        // From the topic, ties on both instants go to the earlier record of the partition, as in the processor.
        Column[] order = topic == null ? new Column[] {col("received_at").asc_nulls_last(), col("timestamp")}
                : new Column[] {col("received_at").asc_nulls_last(), col("timestamp"), col("kafka_partition"),
                        col("kafka_offset")};
        Dataset<Row> unique = events
                .withColumn("rank", row_number().over(Window.partitionBy("experiment", "id").orderBy(order)))
                .where(col("rank").equalTo(1)).drop("rank");
        if (topic != null) {
            unique = unique.drop("kafka_partition", "kafka_offset");
        }
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
        if (topic != null) {
            unconverted = topic.unconverted();
            topic.release();
        }
        return new Summary(days, kept, read - kept, skipped, unconverted);
    }
}
