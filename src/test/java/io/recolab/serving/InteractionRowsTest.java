package io.recolab.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import io.recolab.testing.Stores;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interactions stored once per client id on both stores: PostgreSQL's one unnest insert with
 * ON CONFLICT (issue 19) and H2's look-up then insert skip the same rows; id-less ones are always stored.
 */
class InteractionRowsTest {
    static final Instant T = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    private String url(Stores.Kind kind) {
        return kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema() : Database.h2Url(tmp);
    }

    private static int insert(Database db, List<Interaction> interactions) {
        return Jdbc.inTransaction(db, c -> InteractionRows.insert(c, db.dialect(), interactions, T));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void eachClientIdIsStoredOnceAndIdlessOnesAlways(Stores.Kind kind) throws Exception {
        String url = url(kind);
        try (Database db = Database.open(url, 2)) {
            List<Interaction> first = List.of(new Interaction("c1", "i1", T, "k2"), new Interaction("c1", "i2", T, "k1"),
                    new Interaction("c2", "i3", T, "k2"), new Interaction("c3", "i4", T.minusSeconds(5)),
                    new Interaction("c3", "i4", T.minusSeconds(5)));
            assertThat(insert(db, first)).as("k2 repeated in the call").isEqualTo(4);
            List<Interaction> retry = List.of(new Interaction("c1", "i1", T, "k2"), new Interaction("c4", "i5", T, "k3"),
                    new Interaction("c3", "i4", T.minusSeconds(5)));
            assertThat(insert(db, retry)).as("k2 stored before").isEqualTo(2);
            assertThat(insert(db, List.of())).isZero();
            List<String> rows = Jdbc.read(db, c -> {
                List<String> found = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT client_id, customer_id, item_id, occurred_at, received_at FROM interactions ORDER BY id")) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                                + rs.getTimestamp(4).toInstant() + " " + rs.getTimestamp(5).toInstant());
                    }
                }
                return found;
            });
            assertThat(rows).hasSize(6).contains("k2 c1 i1 " + T + " " + T, "k1 c1 i2 " + T + " " + T,
                    "k3 c4 i5 " + T + " " + T, "null c3 i4 " + T.minusSeconds(5) + " " + T);
            assertThat(rows.stream().filter(r -> r.startsWith("null c3 i4"))).hasSize(3);
        } finally {
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(url);
            }
        }
    }

    /** Two nodes storing the same ids at once, in opposite orders: each stored once, neither call fails. */
    @ParameterizedTest
    @MethodSource("stores")
    void twoPoolsRacingOnOneIdStoreItOnce(Stores.Kind kind) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kind == Stores.Kind.POSTGRESQL, "several nodes share PostgreSQL only");
        String url = url(kind);
        try (Database a = Database.open(url, 4); Database b = Database.open(url, 4)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> calls = new ArrayList<>();
                for (int k = 0; k < 40; k++) {
                    List<Interaction> call = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        call.add(new Interaction("c" + i, "i" + k, T, "r" + k + "-" + i));
                    }
                    List<Interaction> reversed = new ArrayList<>(call);
                    java.util.Collections.reverse(reversed);
                    calls.add(pool.submit(() -> insert(a, call)));
                    calls.add(pool.submit(() -> insert(b, reversed)));
                }
                int stored = 0;
                for (Future<Integer> f : calls) {
                    stored += f.get();
                }
                assertThat(stored).isEqualTo(40 * 20);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            Stores.dropPostgresSchema(url);
        }
    }
}
