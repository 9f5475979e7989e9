package io.recolab.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * Raw events in the lake's schema, read from the lake itself (Parquet, partitioned by day) or from the
 * server's exports (README "Exports": {@code exposures|conversions.jsonl|csv}, columns id, experiment,
 * type, unit, treatment, in_experiment, metric, value, timestamp, received_at, items).
 */
final class EventLog {
    /** The export's columns with their types; JSON lines are read with it, so a missing key is null, not an error. */
    static final StructType EXPORT = new StructType()
            .add("id", DataTypes.StringType)
            .add("experiment", DataTypes.StringType)
            .add("type", DataTypes.StringType)
            .add("unit", DataTypes.StringType)
            .add("treatment", DataTypes.StringType)
            .add("in_experiment", DataTypes.BooleanType)
            .add("metric", DataTypes.StringType)
            .add("value", DataTypes.DoubleType)
            .add("timestamp", DataTypes.StringType)
            .add("received_at", DataTypes.StringType)
            .add("items", DataTypes.createArrayType(DataTypes.StringType));

    private EventLog() {
    }

    /** Fails before Spark starts on a format {@link #read} does not know. */
    static void checkFormat(String format) {
        if (!java.util.Set.of("lake", "jsonl", "csv").contains(format)) {
            throw new IllegalArgumentException("--format must be lake, jsonl or csv, got '" + format + "'");
        }
    }

    /**
     * @param format {@code lake} (Parquet written by EventsToLakeJob), {@code jsonl} or {@code csv} (exports;
     *               a path may be a glob or a directory of files)
     */
    static Dataset<Row> read(SparkSession spark, String format, String path) {
        Dataset<Row> events = switch (format) {
            case "lake" -> spark.read().parquet(path).drop("day");
            case "jsonl" -> typed(spark.read().schema(EXPORT).json(path));
            case "csv" -> typed(unguard(spark.read().option("header", "true").option("multiLine", "true")
                    .option("escape", "\"").csv(path)));
            default -> throw new IllegalArgumentException("--format must be lake, jsonl or csv, got '" + format + "'");
        };
        return events;
    }

    /** The export's JSON or CSV columns cast to the lake's types; timestamps are ISO-8601 instants. */
    private static Dataset<Row> typed(Dataset<Row> raw) {
        Column items = raw.schema().apply("items").dataType() instanceof org.apache.spark.sql.types.ArrayType
                ? col("items")
                : when(col("items").isNull().or(col("items").equalTo("")), lit(null)) // CSV: a JSON array as text
                        .otherwise(from_json(col("items"), DataTypes.createArrayType(DataTypes.StringType)));
        return raw.select(col("id"), col("experiment"), col("type"), col("unit"), col("treatment"),
                col("in_experiment").cast(DataTypes.BooleanType).as("in_experiment"), col("metric"),
                col("value").cast(DataTypes.DoubleType).as("value"),
                col("timestamp").cast(DataTypes.TimestampType).as("timestamp"),
                col("received_at").cast(DataTypes.TimestampType).as("received_at"),
                items.cast(DataTypes.createArrayType(DataTypes.StringType)).as("items"));
    }

    /**
     * Undoes the CSV export's spreadsheet formula guard: a text cell that began with =, +, -, @, tab or
     * carriage return was written with a leading apostrophe. Numbers were never changed.
     */
    private static Dataset<Row> unguard(Dataset<Row> csv) {
        Dataset<Row> out = csv;
        for (String column : new String[] {"id", "experiment", "unit", "treatment", "metric", "items"}) {
            out = out.withColumn(column, regexp_replace(col(column), "^'([=+\\-@\\t\\r])", "$1"));
        }
        return out;
    }

    /** The UTC day of each event's own timestamp (the lake's partition). */
    static Column day() {
        return to_date(col("timestamp"));
    }
}
