package io.recolab.spark;

import io.recolab.events.Event;
import io.recolab.experiment.MetricSpec;
import io.recolab.kafka.EventRecord;
import io.recolab.kafka.KafkaTarget;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

/**
 * The server's event topic (issue 20: {@code serve --events kafka:...}) read as a batch with Spark's
 * Kafka source, in the lake's columns. Each record value is decoded by the server's own decoder
 * ({@link EventRecord#decode}), so the lake holds what the serving node validated and sent: the
 * treatment and in-experiment flag it decided, both instants. A record no recolab node wrote is
 * skipped and counted, as the processor skips it.
 *
 * <p>A conversion made from an interaction travels as a candidate ({@code ifShown}): the processor
 * stores it only if a show of that item to the unit, earlier in the unit's partition, lies within
 * the metric's window. The same rule applies here, against the exposures read in the same run, so
 * the lake holds the conversions the processor stored; a run that starts after a candidate's show
 * (explicit starting offsets) drops that candidate.
 */
final class EventTopic {
    /** Spark configuration keys with this prefix are the Kafka consumer's settings (security.protocol, sasl.*, ssl.*). */
    static final String CLIENT_CONF = "spark.recolab.kafka.";

    /** What one record decodes to: the lake's columns, then what resolving candidates and dedup need. */
    static final StructType DECODED = new StructType()
            .add("id", DataTypes.StringType)
            .add("experiment", DataTypes.StringType)
            .add("type", DataTypes.StringType)
            .add("unit", DataTypes.StringType)
            .add("treatment", DataTypes.StringType)
            .add("in_experiment", DataTypes.BooleanType)
            .add("metric", DataTypes.StringType)
            .add("value", DataTypes.DoubleType)
            .add("timestamp", DataTypes.TimestampType)
            .add("received_at", DataTypes.TimestampType)
            .add("items", DataTypes.createArrayType(DataTypes.StringType))
            .add("if_shown", DataTypes.StringType)
            .add("window_days", DataTypes.IntegerType)
            .add("kafka_partition", DataTypes.IntegerType)
            .add("kafka_offset", DataTypes.LongType)
            .add("error", DataTypes.StringType);

    /**
     * @param events      what the lake takes (candidates resolved), with {@code kafka_partition} and {@code kafka_offset}
     * @param skipped     records that were not recolab events, and up to three {@code examples} of why
     * @param unconverted candidate conversions that no earlier show covered (dropped, as the processor drops them)
     * @param decoded     the decoded records, persisted while the job uses them
     */
    record Read(Dataset<Row> events, long skipped, List<String> examples, long unconverted, Dataset<Row> decoded) {
        void release() {
            decoded.unpersist();
        }
    }

    private EventTopic() {
    }

    /**
     * @param startingOffsets {@code earliest} or Spark's per-partition JSON ({@code {"recolab.events":{"0":42}}})
     * @param endingOffsets   {@code latest} or the same JSON (exclusive)
     * @return the events in the lake's columns plus {@code kafka_partition} and {@code kafka_offset}, candidates
     *         resolved, and the counts; the decoded records stay persisted until {@link Read#release()}
     */
    static Read read(SparkSession spark, KafkaTarget target, String startingOffsets, String endingOffsets) {
        DataFrameReader reader = spark.read().format("kafka");
        // A secured cluster's client settings (TLS, SASL) come as spark.recolab.kafka.X=V, passed on as the consumer's X.
        for (Map.Entry<String, String> c : scala.jdk.javaapi.CollectionConverters.asJava(spark.conf().getAll()).entrySet()) {
            if (c.getKey().startsWith(CLIENT_CONF)) {
                reader = reader.option("kafka." + c.getKey().substring(CLIENT_CONF.length()), c.getValue());
            }
        }
        Dataset<Row> records = reader
                .option("kafka.bootstrap.servers", target.bootstrap())
                .option("subscribe", target.topic())
                .option("startingOffsets", startingOffsets)
                .option("endingOffsets", endingOffsets)
                // Offsets that retention already deleted fail the run: a day must not be rewritten from part of it.
                .option("failOnDataLoss", "true")
                .load()
                .select(col("value"), col("partition"), col("offset"));
        Dataset<Row> decoded = records.mapPartitions(new Decode(), Encoders.row(DECODED)).persist();
        Dataset<Row> bad = decoded.where(col("error").isNotNull());
        long skipped = bad.count();
        List<String> examples = skipped == 0 ? List.of()
                : bad.select("kafka_partition", "kafka_offset", "error").limit(3).collectAsList().stream()
                        .map(r -> "partition " + r.getInt(0) + " offset " + r.getLong(1) + ": " + r.getString(2)).toList();
        Dataset<Row> good = decoded.where(col("error").isNull());
        Dataset<Row> candidates = good.where(col("if_shown").isNotNull());
        Dataset<Row> converted = converted(good, candidates);
        long unconverted = candidates.count() - converted.count();
        Dataset<Row> events = good.where(col("if_shown").isNull()).unionByName(converted)
                .drop("if_shown", "window_days", "error");
        return new Read(events, skipped, examples, unconverted, decoded);
    }

    /**
     * Keeps a candidate conversion iff an exposure of the same unit, earlier in the same partition
     * (the processor decides in partition order from the shows stored before), showed the item at
     * or before the conversion and less than the metric's window before it (ShowTable.Show.covers).
     */
    private static Dataset<Row> converted(Dataset<Row> events, Dataset<Row> candidates) {
        Dataset<Row> shows = events.where(col("type").equalTo("exposure").and(col("items").isNotNull()))
                .select(col("experiment").as("s_experiment"), col("unit").as("s_unit"),
                        col("kafka_partition").as("s_partition"), col("kafka_offset").as("s_offset"),
                        col("timestamp").as("s_at"), col("items").as("s_items"));
        Column covers = col("experiment").equalTo(col("s_experiment"))
                .and(col("unit").equalTo(col("s_unit")))
                .and(col("kafka_partition").equalTo(col("s_partition")))
                .and(col("s_offset").lt(col("kafka_offset")))
                .and(array_contains(col("s_items"), col("if_shown")))
                .and(col("s_at").leq(col("timestamp")))
                .and(col("timestamp").lt(col("s_at").plus(expr("make_dt_interval(window_days)"))));
        return candidates.join(shows, covers, "left_semi");
    }

    /** Record values to rows with the server's decoder; a value it refuses becomes a row with only the error. */
    static final class Decode implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> records) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return records.hasNext();
                }

                @Override
                public Row next() {
                    Row r = records.next();
                    return decode(r.isNullAt(0) ? null : (byte[]) r.get(0), r.getInt(1), r.getLong(2));
                }
            };
        }

        static Row decode(byte[] value, int partition, long offset) {
            EventRecord record;
            try {
                if (value == null) {
                    throw new IllegalArgumentException("no value");
                }
                record = EventRecord.decode(value);
            } catch (RuntimeException e) {
                return RowFactory.create(null, null, null, null, null, null, null, null, null, null, null, null, null,
                        partition, offset, String.valueOf(e.getMessage()));
            }
            Event e = record.event();
            MetricSpec metric = e.metric() == null ? null : e.experiment().metrics().get(e.metric());
            // As the export writes a stored event: no items is null, an exposure has no metric.
            return RowFactory.create(e.id(), e.experimentKey(), e.type().wireName(), e.unit(), e.treatment(),
                    e.inExperiment(), e.metric(), e.value(), Timestamp.from(e.occurredAt()), Timestamp.from(e.receivedAt()),
                    e.shownItems().isEmpty() ? null : scala.jdk.javaapi.CollectionConverters.asScala(e.shownItems()), // a Seq, as Row wants
                    record.ifShown(),
                    metric == null ? null : metric.windowDays(), partition, offset, null);
        }
    }
}
