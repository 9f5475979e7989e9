package io.recolab.spark;

import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.recommend.itemtoitem.CorrectedRelatedness;
import io.recolab.recommend.itemtoitem.ItemToItem;
import io.recolab.recommend.itemtoitem.ItemToItemConfig;
import io.recolab.recommend.itemtoitem.SimilarItems;
import io.recolab.recommend.itemtoitem.SimilarItemsFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spark job's top 6 per item equal the in-memory ItemToItem's (the corrected measure, support 3),
 * item for item and weight for weight (floats compared exactly), read back through the server's own
 * loader (SimilarItemsFile), on a shipped fixture and on the shared Online Retail set.
 */
class ItemToItemJobTest {
    private static final int TOP = 6;
    private static final int SUPPORT = 3;

    @TempDir
    Path tmp;

    @Test
    void fixtureTableEqualsTheInMemoryOne() throws IOException {
        Path fixture = Path.of("src/test/resources/itemtoitem/fixture.csv");
        Interactions log = DataSource.parse("events:" + fixture).load().interactions();
        ItemToItemJob.Summary summary = assertSameTables(log, fixture.toString());
        assertThat(summary.sampledCustomers()).isZero();
        assertThat(summary.tableItems()).isGreaterThan(10);
    }

    @Test
    void onlineRetailTableEqualsTheInMemoryOne() throws IOException {
        Path retail = LocalSpark.sharedData("online-retail/online-retail.csv");
        Assumptions.assumeTrue(retail != null, "skipped: the shared Online Retail set is not at "
                + "../shared/data/online-retail/online-retail.csv");
        Interactions log = DataSource.parse("online-retail:" + retail).load().interactions();
        Path csv = tmp.resolve("retail-interactions.csv");
        writeEvents(log, csv);
        ItemToItemJob.Summary summary = assertSameTables(log, csv.toString());
        assertThat(summary.sampledCustomers()).isZero();
        assertThat(summary.tableItems()).isGreaterThan(1000);
    }

    @Test
    void aHeavyBasketIsSampledToTheCapTheSameWayEveryTime() {
        List<Row> basket = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            basket.add(RowFactory.create((long) ((i * 7919) % 40) - 20, i)); // keys -20..19, a permutation
        }
        List<Long> first = new ArrayList<>();
        ItemToItemJob.basketPairs(basket, 10).forEachRemaining(first::add);
        List<Row> reversed = new ArrayList<>(basket);
        java.util.Collections.reverse(reversed);
        List<Long> again = new ArrayList<>();
        ItemToItemJob.basketPairs(reversed, 10).forEachRemaining(again::add);
        assertThat(first).hasSize(10 * 9 / 2).isEqualTo(again);
        java.util.Set<Integer> kept = new java.util.TreeSet<>();
        first.forEach(p -> {
            kept.add((int) (p >>> 32));
            kept.add((int) (long) p);
        });
        java.util.Set<Integer> lowestKeys = new java.util.TreeSet<>();
        basket.stream().filter(r -> r.getLong(0) < -10).forEach(r -> lowestKeys.add(r.getInt(1)));
        assertThat(kept).isEqualTo(lowestKeys);
        List<Long> small = new ArrayList<>();
        ItemToItemJob.basketPairs(List.of(RowFactory.create(5L, 9), RowFactory.create(1L, 2), RowFactory.create(3L, 4)), 10)
                .forEachRemaining(small::add);
        assertThat(small).containsExactly((2L << 32) | 4, (2L << 32) | 9, (4L << 32) | 9);
    }

    private ItemToItemJob.Summary assertSameTables(Interactions log, String input) {
        SimilarItems memory = new ItemToItem(new CorrectedRelatedness(), new ItemToItemConfig(TOP, SUPPORT, 365))
                .trainModel(log).table();
        Path out = tmp.resolve("table");
        ItemToItemJob.Options options = new ItemToItemJob.Options(input, "csv", out.toString(), TOP, SUPPORT, 2000, 0);
        ItemToItemJob.Summary summary = ItemToItemJob.run(LocalSpark.session(), options);
        SimilarItemsFile.Loaded loaded = SimilarItemsFile.load(out, log.items());
        assertThat(loaded.unknownItems()).isZero();
        assertThat(loaded.unknownRelated()).isZero();
        SimilarItems spark = loaded.table();
        int differing = 0;
        for (int a = 0; a < log.itemCount(); a++) {
            List<String> expected = describe(memory, log, a);
            List<String> actual = describe(spark, log, a);
            if (!expected.equals(actual)) {
                differing++;
                assertThat(actual).as("item %s", log.items().id(a)).isEqualTo(expected);
            }
        }
        assertThat(differing).isZero();
        assertThat(spark.related()).hasSameSizeAs(memory.related());
        assertThat(summary.tableEntries()).isEqualTo(memory.related().length);
        return summary;
    }

    private static List<String> describe(SimilarItems table, Interactions log, int a) {
        List<String> out = new ArrayList<>();
        for (int r = table.start(a); r < table.end(a); r++) {
            out.add(log.items().id(table.related()[r]) + "=" + table.weight()[r]);
        }
        return out;
    }

    static void writeEvents(Interactions log, Path csv) throws IOException {
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("customer,item,timestamp\n");
            for (int p = 0; p < log.size(); p++) {
                w.write(log.customers().id(log.customer(p)) + "," + log.items().id(log.item(p)) + "," + log.time(p) + "\n");
            }
        }
    }
}
