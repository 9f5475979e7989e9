package io.recolab.spark;

import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

/**
 * An experiment's daily sufficient statistics from its raw events, the same numbers the server's
 * rollups keep (events.Rollup, events.Attribution): a unit enters on the UTC day of its first analysed
 * exposure (an exposure with in_experiment) in that exposure's treatment; a conversion counts when
 * first exposure <= at < first exposure + the metric's windowDays x 24 h and it is not excluded
 * (in_experiment false: a forced unit's, or one that occurred after the stop); per unit and metric the value
 * is 1 once converted (binomial) or the sum of counted values (mean); per (treatment, metric, day) the
 * converted units, the sum and the sum of squares of the values. For CUPED it adds the pre-period
 * covariate X (the same value over the windowDays before the first exposure) as pre_sum,
 * pre_sum_squares and sum_products (X times Y).
 *
 * <p>Events are deduplicated by (experiment, id) as the server's store does. Written as Parquet
 * ({@code --output}, with the CUPED columns) and, with {@code --jdbc}, into the server's rollup tables
 * (daily_exposures, daily_metrics), the experiment's rows replaced in one transaction: the server's
 * results, charts and exports then read them as their own. The aggregation is distributed; its result is
 * O(treatments x metrics x days) rows, which the driver writes.
 */
public final class ResultsJob {
    static final String USAGE = "ResultsJob --events PATH --definition FILE.json [--format lake|jsonl|csv] "
            + "[--output DIR] [--jdbc URL] [--jdbc-user USER] (password from $RECOLAB_JDBC_PASSWORD)";
    private static final Set<String> ARGS = Set.of("events", "definition", "format", "output", "jdbc", "jdbc-user");
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    public record Options(String events, String format, String output, String jdbcUrl, String jdbcUser,
                          String jdbcPassword) {
    }

    /** One daily_exposures row. */
    public record UnitsRow(String treatment, LocalDate day, long units) {
    }

    /**
     * One daily_metrics row with the CUPED cross-products: {@code nonZero} units whose value is not 0 (the
     * unit-level path's count of converted units), {@code preUnits} those whose covariate is not 0.
     */
    public record MetricRow(String treatment, String metric, LocalDate day, long converted, double sum, double sumSquares,
                            long nonZero, long preUnits, double preSum, double preSumSquares, double sumProducts,
                            BigDecimal exactSum, BigDecimal exactSumSquares) {
        static MetricRow empty(String treatment, String metric, LocalDate day) {
            return new MetricRow(treatment, metric, day, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO);
        }
    }

    /**
     * The sum of squares of a cell's values, from sums that keep the spread: {@code centred} is the sum
     * of (y - shift)^2 over its {@code rows} values (shift: their mean, so each difference is exact
     * where the values are large and close), {@code sum} the sum of y. Then sum y^2 = centred +
     * 2 shift (sum - rows shift) + rows shift^2, added exactly in decimal; the server's variance
     * (S2 - S1^2/n, in decimal from the same {@code sum}) gets the spread back to double precision,
     * where squaring each value in double and adding (1e7 +- 1: 2e16 per square) loses it (issue 22.4).
     */
    static BigDecimal exactSumSquares(BigDecimal sum, double centred, double shift, long rows) {
        BigDecimal m = new BigDecimal(shift);
        BigDecimal k = BigDecimal.valueOf(rows);
        return new BigDecimal(centred)
                .add(m.multiply(BigDecimal.valueOf(2)).multiply(sum.subtract(k.multiply(m))))
                .add(k.multiply(m).multiply(m))
                .setScale(24, RoundingMode.HALF_EVEN);
    }

    /** The rows, and what was not counted and why. */
    public record Summary(List<UnitsRow> units, List<MetricRow> metrics, long events, long duplicateEvents,
                          long conversionsOfUnknownMetrics) {
    }

    private ResultsJob() {
    }

    public static void main(String[] args) {
        try {
            main0(args);
        } catch (IllegalArgumentException | IllegalStateException | IOException | io.recolab.domain.DomainError e) {
            System.err.println("results: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            if (!(e instanceof org.apache.spark.sql.AnalysisException)) {
                throw e;
            }
            System.err.println("results: " + e.getMessage().lines().findFirst().orElse(""));
            System.exit(2);
        }
    }

    private static void main0(String[] args) throws IOException {
        JobArgs a = JobArgs.parse(args, ARGS, USAGE);
        String definitionFile = a.required("definition", USAGE);
        EventLog.checkFormat(a.get("format", "lake"));
        Options options = new Options(a.required("events", USAGE), a.get("format", "lake"), a.get("output", null),
                a.get("jdbc", null), a.get("jdbc-user", null), System.getenv("RECOLAB_JDBC_PASSWORD"));
        if (options.output() == null && options.jdbcUrl() == null) {
            throw new IllegalArgumentException("give --output, --jdbc or both: the job would write nothing\nusage: " + USAGE);
        }
        SparkSession spark = SparkSession.builder().appName("recolab results").getOrCreate();
        try {
            ExperimentDefinition definition = DefinitionJson.parse(readText(spark, definitionFile));
            Summary s = run(spark, definition, options);
            System.out.printf("%s: %d events (%d duplicates), %d units rows, %d metric rows, %d conversions of metrics "
                    + "the definition does not name (not counted)%n", definition.key(), s.events(), s.duplicateEvents(),
                    s.units().size(), s.metrics().size(), s.conversionsOfUnknownMetrics());
        } finally {
            spark.stop();
        }
    }

    private static String readText(SparkSession spark, String file) throws IOException {
        Path path = new Path(file);
        try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static Summary run(SparkSession spark, ExperimentDefinition definition, Options o) {
        spark.conf().set("spark.sql.session.timeZone", "UTC"); // rollup days are UTC days (events.Rollup.day)
        String key = definition.key();
        Dataset<Row> all = EventLog.read(spark, o.format(), o.events()).where(col("experiment").equalTo(key));
        Dataset<Row> events = all.dropDuplicates("id").persist();
        long total = all.count();
        long distinct = events.count();

        Dataset<Row> first = events.where(col("type").equalTo("exposure").and(col("in_experiment")))
                .groupBy("unit")
                .agg(min(struct(col("timestamp"), col("id"), col("treatment"))).as("f"))
                .select(col("unit"), unix_micros(col("f.timestamp")).as("first"), col("f.treatment").as("treatment"),
                        to_date(col("f.timestamp")).as("day"));

        List<Row> specRows = new ArrayList<>();
        for (MetricSpec m : definition.metrics()) {
            specRows.add(RowFactory.create(m.name(), m.type() == MetricSpec.Type.BINOMIAL, (long) m.windowDays() * MICROS_PER_DAY));
        }
        StructType specSchema = new StructType().add("metric", DataTypes.StringType)
                .add("binomial", DataTypes.BooleanType).add("window", DataTypes.LongType);
        Dataset<Row> specs = spark.createDataFrame(specRows, specSchema);

        // A unit's treatment is its first exposure's. A conversion with in_experiment false (a forced unit's,
        // or one after the stop: events.Exclusion.ofConversion) never counts in the window; as the
        // server's CUPED covariate, the pre-period takes every stored conversion.
        Dataset<Row> conversions = events.where(col("type").equalTo("conversion"))
                .select("unit", "metric", "value", "timestamp", "in_experiment");
        long unknown = conversions.join(broadcast(specs), conversions.col("metric").equalTo(specs.col("metric")), "left_anti")
                .count();
        Column at = unix_micros(col("timestamp"));
        Column inWindow = at.geq(col("first")).and(at.lt(col("first").plus(col("window"))))
                .and(coalesce(col("in_experiment"), lit(true)));
        Column prePeriod = at.geq(col("first").minus(col("window"))).and(at.lt(col("first")));
        Dataset<Row> perUnit = conversions.join(broadcast(specs), "metric").join(first, "unit")
                .groupBy(col("unit"), col("metric"), col("binomial"), col("treatment"), col("day"))
                .agg(coalesce(sum(when(inWindow, col("value"))), lit(0.0)).as("total"),
                        count(when(inWindow, lit(1))).as("conversions"),
                        coalesce(sum(when(prePeriod, col("value"))), lit(0.0)).as("pre_total"),
                        count(when(prePeriod, lit(1))).as("pre_conversions"))
                .select(col("treatment"), col("metric"), col("day"), col("conversions").gt(0).as("converted"),
                        when(col("binomial"), when(col("conversions").gt(0), 1.0).otherwise(0.0))
                                .otherwise(col("total")).as("y"),
                        when(col("binomial"), when(col("pre_conversions").gt(0), 1.0).otherwise(0.0))
                                .otherwise(col("pre_total")).as("x"));
        Dataset<Row> metricRows = perUnit
                .withColumn("shift", avg("y").over(Window.partitionBy("treatment", "metric", "day")))
                .groupBy("treatment", "metric", "day")
                .agg(sum(when(col("converted"), 1L).otherwise(0L)).as("converted"), sum("y").as("value_sum"),
                        sum(col("y").multiply(col("y"))).as("value_sum_squares"), sum("x").as("pre_sum"),
                        sum(col("x").multiply(col("x"))).as("pre_sum_squares"),
                        sum(col("x").multiply(col("y"))).as("sum_products"),
                        sum(when(col("y").notEqual(0), 1L).otherwise(0L)).as("nonzero_units"),
                        sum(when(col("x").notEqual(0), 1L).otherwise(0L)).as("pre_units"),
                        sum(col("y").minus(col("shift")).multiply(col("y").minus(col("shift")))).as("value_centred"),
                        max("shift").as("value_shift"), count(lit(1)).as("value_rows"),
                        // S1 added in decimal, as the server adds it: a double running sum of large values
                        // (1e7 each) rounds at ~5e-7 per addition, enough to move a p-value by 1e-8.
                        sum(col("y").cast(new org.apache.spark.sql.types.DecimalType(38, 18))).as("value_sum_exact"))
                .orderBy("day", "treatment", "metric");
        Dataset<Row> unitRows = first.groupBy("treatment", "day").agg(count(lit(1)).as("units")).orderBy("day", "treatment");

        if (o.output() != null) {
            unitRows.withColumn("experiment_key", lit(key)).write().mode("overwrite")
                    .parquet(new Path(o.output(), "daily_exposures").toString());
            metricRows.withColumn("experiment_key", lit(key)).write().mode("overwrite")
                    .parquet(new Path(o.output(), "daily_metrics").toString());
        }
        List<UnitsRow> units = unitRows.collectAsList().stream()
                .map(r -> new UnitsRow(r.getString(0), r.getDate(1).toLocalDate(), r.getLong(2))).toList();
        List<MetricRow> metrics = metricRows.collectAsList().stream()
                .map(r -> {
                    BigDecimal exactSum = r.getDecimal(14);
                    BigDecimal squares = exactSumSquares(exactSum, r.getDouble(11), r.getDouble(12), r.getLong(13));
                    return new MetricRow(r.getString(0), r.getString(1), r.getDate(2).toLocalDate(), r.getLong(3),
                            exactSum.doubleValue(), squares.doubleValue(), r.getLong(9), r.getLong(10), r.getDouble(6),
                            r.getDouble(7), r.getDouble(8), exactSum, squares);
                }).toList();
        events.unpersist();
        if (o.jdbcUrl() != null && distinct == 0) {
            throw new IllegalStateException("no events of experiment " + key + " in " + o.events()
                    + ": refusing to replace its rollups with nothing (wrong --events or --definition?)");
        }
        if (o.jdbcUrl() != null) {
            replaceRollups(o, key, units, metrics, cupedMetrics(definition));
        }
        return new Summary(units, metrics, distinct, total - distinct, unknown);
    }

    /**
     * The metrics whose CUPED covariate the job computes (the metric's own conversions before exposure,
     * uncapped): the server reads their pre-period sums from job_pre_period (analysis.JobPrePeriodReader).
     */
    static Set<String> cupedMetrics(ExperimentDefinition definition) {
        Set<String> out = new java.util.TreeSet<>();
        for (MetricSpec m : definition.metrics()) {
            if (m.cuped() == MetricSpec.Covariate.CONVERSIONS && m.capPercentile() == null && m.type() != MetricSpec.Type.RATIO) {
                out.add(m.name());
            }
        }
        return out;
    }

    /**
     * job_pre_period (V23): for each CUPED metric a row per (treatment, day) with units, also where no unit
     * converted, so that the server can check the job's units and sums against its rollups cell by cell.
     */
    private static void insertPrePeriod(Connection c, String key, List<UnitsRow> units, List<MetricRow> metrics,
                                        Set<String> cuped) throws SQLException {
        java.util.Map<String, MetricRow> byCell = new java.util.HashMap<>();
        for (MetricRow m : metrics) {
            byCell.put(m.metric() + "\n" + m.treatment() + "\n" + m.day(), m);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_pre_period (experiment_key, treatment, metric,"
                + " exposure_day, units, converted, value_sum, value_sum_squares, nonzero_units, pre_units, pre_sum,"
                + " pre_sum_squares, sum_products) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (String metric : cuped) {
                for (UnitsRow u : units) {
                    MetricRow m = byCell.getOrDefault(metric + "\n" + u.treatment() + "\n" + u.day(),
                            MetricRow.empty(u.treatment(), metric, u.day()));
                    ps.setString(1, key);
                    ps.setString(2, u.treatment());
                    ps.setString(3, metric);
                    ps.setObject(4, u.day());
                    ps.setLong(5, u.units());
                    ps.setLong(6, m.converted());
                    ps.setDouble(7, m.sum());
                    ps.setDouble(8, m.sumSquares());
                    ps.setLong(9, m.nonZero());
                    ps.setLong(10, m.preUnits());
                    ps.setDouble(11, m.preSum());
                    ps.setDouble(12, m.preSumSquares());
                    ps.setDouble(13, m.sumProducts());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** The experiment's rollup rows replaced in one transaction: readers see the old rows or the new, never a mix. */
    static void replaceRollups(Options o, String key, List<UnitsRow> units, List<MetricRow> metrics, Set<String> cuped) {
        Properties props = new Properties();
        if (o.jdbcUser() != null) {
            props.setProperty("user", o.jdbcUser());
        }
        if (o.jdbcPassword() != null) {
            props.setProperty("password", o.jdbcPassword());
        }
        try (Connection c = DriverManager.getConnection(o.jdbcUrl(), props)) {
            c.setAutoCommit(false);
            try {
                for (String table : new String[] {"daily_metrics", "daily_exposures", "job_pre_period"}) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE experiment_key = ?")) {
                        ps.setString(1, key);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO daily_exposures (experiment_key, treatment, exposure_day, units) VALUES (?,?,?,?)")) {
                    for (UnitsRow u : units) {
                        ps.setString(1, key);
                        ps.setString(2, u.treatment());
                        ps.setObject(3, u.day());
                        ps.setLong(4, u.units());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_metrics (experiment_key, treatment, metric,"
                        + " exposure_day, converted, value_sum, value_sum_squares) VALUES (?,?,?,?,?,?,?)")) {
                    for (MetricRow m : metrics) {
                        ps.setString(1, key);
                        ps.setString(2, m.treatment());
                        ps.setString(3, m.metric());
                        ps.setObject(4, m.day());
                        ps.setLong(5, m.converted());
                        // the exact decimals: the server's variance subtracts S1^2/n from S2 in decimal
                        ps.setBigDecimal(6, m.exactSum());
                        ps.setBigDecimal(7, m.exactSumSquares());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                insertPrePeriod(c, key, units, metrics, cuped);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the rollups of " + key + " to " + o.jdbcUrl().replaceAll("password=[^&;]*", "password=***")
                    + ": " + e.getMessage(), e);
        }
    }
}
