package io.recolab.spark;

import io.recolab.data.Dictionary;
import io.recolab.recommend.itemtoitem.CorrectedScore;
import io.recolab.recommend.itemtoitem.SimilarItemsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Item-to-item's similar-items table on a cluster (docs/scale.md step 4): co-occurrence counts N_AB
 * shuffled by item pair, the corrected relatedness of Smith and Linden (2017) computed with the server's
 * own {@link CorrectedScore}, and the top N per item, written as a {@link SimilarItemsFile} that
 * {@code serve --item-to-item-model} loads. Equal, list for list, to the in-memory
 * {@code ItemToItem.corrected()} on the same interactions (ItemToItemJobTest).
 *
 * <p>The stages: distinct (customer, item) pairs; basket sizes n_c and buyers |B|; per item A the
 * histogram of its buyers' other purchases (n_c - 1, ascending); per customer the pairs A < B of their
 * basket, counted by pair (the one wide shuffle: sum over customers of n_c^2 / 2 rows before the
 * map-side combine); mirrored to both directions, joined with |B| and A's histogram, scored, and the
 * best {@code maxRelated} kept per A (ties by {@link Dictionary#ID_ORDER}, as in memory).
 *
 * <p>Heavy customers as Linden, Smith and York (2003) handle them (they sample customers to bound the
 * offline cost): the cost of a customer is quadratic in their basket, so a customer with more than
 * {@code maxBasket} items contributes a sample of that many (the lowest xxhash64 of customer and item, so a
 * re-run samples alike) to the pair counts; their full basket still counts in n_c and |B|. Without such
 * customers the table is exact.
 */
public final class ItemToItemJob {
    static final String USAGE = "ItemToItemJob --input PATH --output DIR [--format csv|parquet] [--max-related 50] "
            + "[--min-support 3] [--max-basket 2000] [--partitions N]";
    private static final Set<String> ARGS = Set.of("input", "output", "format", "max-related", "min-support",
            "max-basket", "partitions");

    /** What to read and how to build; defaults are item-to-item's (ItemToItem.corrected()). */
    public record Options(String input, String format, String output, int maxRelated, int minSupport, int maxBasket,
                          int partitions) {
        public Options {
            if (!format.equals("csv") && !format.equals("parquet")) {
                throw new IllegalArgumentException("--format must be csv or parquet, got '" + format + "'");
            }
        }

        public static Options of(String input, String output) {
            return new Options(input, "csv", output, 50, 3, 2000, 0);
        }

        public Options withMaxRelated(int n) {
            return new Options(input, format, output, n, minSupport, maxBasket, partitions);
        }

        public Options withMaxBasket(int n) {
            return new Options(input, format, output, maxRelated, minSupport, n, partitions);
        }
    }

    /** What the job did: table size and how many customers were sampled. */
    public record Summary(long pairs, long customers, long items, long sampledCustomers, long tableItems,
                          long tableEntries) {
    }

    private ItemToItemJob() {
    }

    public static void main(String[] args) {
        JobArgs a = JobArgs.parse(args, ARGS, USAGE);
        Options options = new Options(a.required("input", USAGE), a.get("format", "csv"), a.required("output", USAGE),
                a.integer("max-related", 50, 1), a.integer("min-support", 3, 1), a.integer("max-basket", 2000, 2),
                a.integer("partitions", 0, 0));
        SparkSession spark = SparkSession.builder().appName("recolab item-to-item").getOrCreate();
        try {
            System.out.println(run(spark, options));
        } finally {
            spark.stop();
        }
    }

    /** Interactions with columns customer and item (CSV with a header, as the events: format; or Parquet). */
    static Dataset<Row> read(SparkSession spark, String format, String input) {
        Dataset<Row> raw = format.equals("csv")
                ? spark.read().option("header", "true").option("inferSchema", "false").csv(input)
                : spark.read().parquet(input);
        return raw.select(col("customer").cast(DataTypes.StringType).as("customer"),
                col("item").cast(DataTypes.StringType).as("item"))
                .where(col("customer").isNotNull().and(col("item").isNotNull()));
    }

    public static Summary run(SparkSession spark, Options o) {
        Dataset<Row> pairs = read(spark, o.format(), o.input()).distinct();
        if (o.partitions() > 0) {
            pairs = pairs.repartition(o.partitions(), col("customer"));
        }
        pairs = pairs.persist();
        long totalPairs = pairs.count();

        Dataset<Row> sizes = pairs.groupBy("customer").agg(count(lit(1)).as("n"));
        // Items get dense int indexes (in no particular order: ties are broken on the ids at the end), so the
        // pair shuffle moves 8-byte keys instead of two strings.
        Dataset<Row> buyers = indexed(spark, pairs.groupBy("item").agg(count(lit(1)).as("buyers"))).persist();
        Dataset<Row> withSize = pairs.join(sizes, "customer").join(buyers.select("item", "idx"), "item");

        // Per item A: its buyers' other purchases s = n_c - 1 >= 1, counted and sorted ascending by s.
        Dataset<Row> histograms = withSize.where(col("n").gt(1))
                .groupBy(col("idx"), col("n").minus(1).cast(DataTypes.IntegerType).as("others"))
                .agg(count(lit(1)).as("cnt"))
                .groupBy(col("idx").as("a"))
                .agg(sort_array(collect_list(struct(col("others"), col("cnt")))).as("hist"));

        // The pair counts, shuffled by (A, B): each basket emits its pairs A < B once, as one long.
        int maxBasket = o.maxBasket();
        Dataset<Row> baskets = withSize
                .select(col("customer"), col("idx"), xxhash64(col("customer"), col("item")).as("key"))
                .groupBy("customer").agg(collect_list(struct(col("key"), col("idx"))).as("items"));
        Dataset<Long> cooccurrences = baskets.flatMap(
                (FlatMapFunction<Row, Long>) row -> basketPairs(row.<Row>getList(1), maxBasket), Encoders.LONG());
        Dataset<Row> together = cooccurrences.groupBy("value").agg(count(lit(1)).as("together"))
                .where(col("together").geq(o.minSupport()))
                .select(shiftright(col("value"), 32).cast(DataTypes.IntegerType).as("a"),
                        col("value").bitwiseAND(0xffffffffL).cast(DataTypes.IntegerType).as("b"), col("together"));
        Dataset<Row> mirrored = together.union(together.select(col("b").as("a"), col("a").as("b"), col("together")));

        // Scored per A: A's candidates (b, |B|, N_AB) cogrouped with A's histogram, which thus travels once per
        // item rather than once per candidate pair.
        KeyValueGroupedDataset<Integer, Row> candidates = mirrored
                .join(buyers.select(col("idx").as("b"), col("item").as("b_id"), col("buyers")), "b")
                .select("a", "b_id", "buyers", "together")
                .groupByKey((MapFunction<Row, Integer>) r -> r.getInt(0), Encoders.INT());
        KeyValueGroupedDataset<Integer, Row> histogramOf = histograms
                .join(buyers.select(col("idx").as("a"), col("item").as("a_id")), "a")
                .select("a", "a_id", "hist")
                .groupByKey((MapFunction<Row, Integer>) r -> r.getInt(0), Encoders.INT());
        StructType lineSchema = new StructType().add("a", DataTypes.StringType).add("line", DataTypes.StringType)
                .add("entries", DataTypes.IntegerType);
        int maxRelated = o.maxRelated();
        Dataset<Row> lines = candidates
                .cogroup(histogramOf, (CoGroupFunction<Integer, Row, Row, Row>) (a, rows, hist) -> hist.hasNext()
                        ? topRelated(hist.next(), rows, totalPairs, maxRelated) : List.<Row>of().iterator(),
                        Encoders.row(lineSchema))
                .persist();
        Row totals = lines.agg(count(lit(1)), sum("entries")).first();
        long tableItems = totals.getLong(0);
        long tableEntries = totals.isNullAt(1) ? 0 : totals.getLong(1);
        lines.select("line").write().mode("overwrite").option("compression", "gzip").text(o.output());
        writeManifest(spark, o, tableItems, tableEntries);

        long customers = sizes.count();
        long sampled = sizes.where(col("n").gt(maxBasket)).count();
        long items = buyers.count();
        lines.unpersist();
        buyers.unpersist();
        pairs.unpersist();
        return new Summary(totalPairs, customers, items, sampled, tableItems, tableEntries);
    }

    /** (item, buyers) with a dense index idx 0..items-1, assigned in parallel (zipWithIndex, no single-task sort). */
    private static Dataset<Row> indexed(SparkSession spark, Dataset<Row> items) {
        StructType schema = new StructType().add("item", DataTypes.StringType).add("buyers", DataTypes.LongType)
                .add("idx", DataTypes.IntegerType);
        var rows = items.javaRDD().zipWithIndex().map(t -> {
            if (t._2() > Integer.MAX_VALUE) {
                throw new IllegalStateException("more than 2^31 items");
            }
            return RowFactory.create(t._1().getString(0), t._1().getLong(1), (int) (long) t._2());
        });
        return spark.createDataFrame(rows, schema);
    }

    /**
     * A basket's pairs A < B as (A << 32 | B), after sampling a basket larger than {@code maxBasket}: the
     * items with the lowest keys (a hash of customer and item id, so a re-run keeps the same ones).
     */
    static Iterator<Long> basketPairs(List<Row> basket, int maxBasket) {
        int n = basket.size();
        long[] keyed = new long[n];
        int[] items = new int[n];
        if (n > maxBasket) {
            Row[] rows = basket.toArray(new Row[0]);
            Arrays.sort(rows, Comparator.comparingLong((Row r) -> r.getLong(0)).thenComparingInt(r -> r.getInt(1)));
            n = maxBasket;
            for (int i = 0; i < n; i++) {
                items[i] = rows[i].getInt(1);
            }
        } else {
            for (int i = 0; i < n; i++) {
                items[i] = basket.get(i).getInt(1);
            }
        }
        int[] sorted = Arrays.copyOf(items, n);
        Arrays.sort(sorted);
        return new Iterator<>() {
            int i = 0;
            int j = 1;

            @Override
            public boolean hasNext() {
                return i < sorted.length - 1;
            }

            @Override
            public Long next() {
                long pair = ((long) sorted[i] << 32) | sorted[j];
                if (++j == sorted.length) {
                    i++;
                    j = i + 1;
                }
                return pair;
            }
        };
    }

    private record Candidate(String item, float score) {
    }

    /** Higher score first, then {@link Dictionary#ID_ORDER}: the in-memory table's order. */
    static final Comparator<Candidate> BEST_FIRST = Comparator.comparing(Candidate::score, Comparator.reverseOrder())
            .thenComparing(Candidate::item, Dictionary.ID_ORDER);

    /** A's candidates (b_id, buyers, together) scored against A's histogram, the best {@code maxRelated} as one line. */
    static Iterator<Row> topRelated(Row histogram, Iterator<Row> rows, long totalPairs, int maxRelated) {
        String a = histogram.getString(1);
        List<Row> hist = histogram.getList(2);
        int[] others = new int[hist.size()];
        long[] counts = new long[hist.size()];
        for (int h = 0; h < hist.size(); h++) {
            others[h] = hist.get(h).getInt(0);
            counts[h] = hist.get(h).getLong(1);
        }
        PriorityQueue<Candidate> heap = new PriorityQueue<>(maxRelated + 1, BEST_FIRST.reversed());
        while (rows.hasNext()) {
            Row r = rows.next();
            double expected = CorrectedScore.expected(others, counts, CorrectedScore.logQ(r.getLong(2), totalPairs));
            double score = CorrectedScore.score((int) r.getLong(3), expected);
            if (score > 0) {
                heap.offer(new Candidate(r.getString(1), (float) score));
                if (heap.size() > maxRelated) {
                    heap.poll();
                }
            }
        }
        if (heap.isEmpty()) {
            return List.<Row>of().iterator();
        }
        List<Candidate> best = new ArrayList<>(heap);
        best.sort(BEST_FIRST);
        List<SimilarItemsFile.Related> related = best.stream()
                .map(c -> new SimilarItemsFile.Related(c.item(), c.score())).toList();
        return List.of(RowFactory.create(a, SimilarItemsFile.line(a, related), related.size())).iterator();
    }

    /** Written last, through Hadoop's file system (local, HDFS or an object store alike). */
    private static void writeManifest(SparkSession spark, Options o, long items, long entries) {
        SimilarItemsFile.Manifest manifest = new SimilarItemsFile.Manifest(SimilarItemsFile.VERSION, "corrected",
                o.maxRelated(), o.minSupport(), items, entries);
        Path path = new Path(o.output(), SimilarItemsFile.MANIFEST);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(path, true)) {
                out.write(manifest.text().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + path, e);
        }
    }
}
