package io.recolab.events;

import static io.recolab.events.EventsFixture.batch;
import static io.recolab.events.EventsFixture.conversion;
import static io.recolab.events.EventsFixture.exposure;
import static io.recolab.events.EventsFixture.send;
import static io.recolab.events.EventsFixture.totals;
import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
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

/** Ingestion and attribution through the real server on real H2 and PostgreSQL. */
class EventsIntegrationTest {
    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    private TestServer start(Stores.Kind kind) {
        TestServer server = TestServer.start(kind, tmp.resolve("data"), null);
        EventsFixture.createRunning(server, EventsFixture.DEFINITION);
        return server;
    }

    static final Instant T = Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS);

    @ParameterizedTest
    @MethodSource("stores")
    void duplicatesInsideABatchAndAcrossRetriesChangeNothing(Stores.Kind kind) {
        try (TestServer server = start(kind)) {
            String body = batch(exposure("e1", "u1", T), exposure("e2", "u2", T),
                    conversion("e3", "u1", "purchase", null, T.plusSeconds(60)), exposure("e1", "u1", T),
                    conversion("e3", "u1", "purchase", null, T.plusSeconds(90)));
            // e1 twice alike: a retry; e3 again at another time: a reused id (a conflict), stored neither way.
            send(server, body, 3, 1, 1);
            var before = totals(server, "purchase");
            assertThat(before).isEqualTo(new EventsFixture.Totals(2, 1, 1, 1));
            send(server, body, 0, 4, 1);
            send(server, batch(conversion("e3", "u2", "purchase", null, T.plusSeconds(5))), 0, 0, 1);
            assertThat(totals(server, "purchase")).isEqualTo(before);
            // The same id in another experiment is another event.
            server.restart();
            send(server, body, 0, 4, 1);
            assertThat(totals(server, "purchase")).isEqualTo(before);
        }
    }

    /**
     * Timestamps are kept to the microsecond, as stored, before any window is decided: a conversion sent
     * 100 ns before its window's end counted while the store (and the export) put it exactly at the end,
     * and the same two events counted or not by their arrival order (a red-team finding).
     */
    @ParameterizedTest
    @MethodSource("stores")
    void subMicrosecondDigitsAreDroppedBeforeAnyDecision(Stores.Kind kind) {
        try (TestServer server = start(kind)) {
            // revenue's window is 7 days; seven fractional digits, 100 ns before its end (T is whole seconds)
            String end = T.plus(Duration.ofDays(7)).minusSeconds(1).toString().replace("Z", ".9999999Z");
            send(server, batch(exposure("w-x", "w1", T),
                    "{\"id\":\"w-c\",\"type\":\"conversion\",\"experiment\":\"ev\",\"unit\":\"w1\",\"metric\":\"revenue\","
                            + "\"value\":5,\"timestamp\":\"" + end + "\"}"), 2, 0);
            String exported = server.get("/api/v1/experiments/ev/export/conversions.jsonl").body();
            String stored = T.plus(Duration.ofDays(7)).minusNanos(1_000).toString();
            assertThat(exported).contains("\"timestamp\":\"" + stored + "\"");
            assertThat(totals(server, "revenue").sum()).as("stored inside the window, counted").isEqualTo(5.0);
            // Either order: a conversion 400 ns before an exposure is at the same microsecond, so it counts both ways.
            Instant at = T.plus(Duration.ofDays(1));
            String exposureLate = "{\"id\":\"o-x1\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"o1\",\"timestamp\":\""
                    + at.toString().replace("Z", ".0000004Z") + "\"}";
            String exposureLater = exposureLate.replace("o-x1", "o-x2").replace("\"o1\"", "\"o2\"");
            send(server, batch(exposureLate), 1, 0);
            send(server, batch(conversion("o-c1", "o1", "revenue", 3.0, at)), 1, 0);
            send(server, batch(conversion("o-c2", "o2", "revenue", 3.0, at)), 1, 0);
            send(server, batch(exposureLater), 1, 0);
            assertThat(totals(server, "revenue").sum()).isEqualTo(11.0);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void concurrentClientsGetExactCounts(Stores.Kind kind) throws Exception {
        try (TestServer server = start(kind)) {
            int clients = 8;
            int batchesPerClient = 15;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batchesPerClient; b++) {
                        List<String> events = new ArrayList<>();
                        for (int u = 0; u < 20; u++) {
                            String unit = "c" + client + "-b" + b + "-u" + u;
                            String id = client + "-" + b + "-" + u;
                            events.add(exposure("x" + id, unit, T));
                            events.add(conversion("p" + id, unit, "purchase", null, T.plusSeconds(3600)));
                            events.add(conversion("q" + id, unit, "purchase", null, T.plusSeconds(7200)));
                            events.add(conversion("r" + id, unit, "revenue", 2.5, T.plusSeconds(7200)));
                            // every client also logs some shared units, as several services would
                            events.add(exposure("shared-" + b + "-" + u + "-" + client, "shared-" + b + "-" + u, T));
                        }
                        send(server, batch(events), 100, 0);
                        if (b % 5 == 0) {
                            send(server, batch(events), 0, 100); // a retry
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long ownUnits = (long) clients * batchesPerClient * 20;
            long sharedUnits = (long) batchesPerClient * 20;
            assertThat(totals(server, "purchase")).isEqualTo(new EventsFixture.Totals(ownUnits + sharedUnits, ownUnits,
                    ownUnits, ownUnits));
            var revenue = totals(server, "revenue");
            assertThat(revenue.units()).isEqualTo(ownUnits + sharedUnits);
            assertThat(revenue.conversions()).isEqualTo(ownUnits);
            assertThat(revenue.sum()).isEqualTo(2.5 * ownUnits);
            assertThat(revenue.sumSquares()).isEqualTo(6.25 * ownUnits);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void attributionWindowIsHalfOpenAtExactlyWindowDays(Stores.Kind kind) {
        try (TestServer server = start(kind)) {
            Instant purchaseEnd = T.plus(Duration.ofDays(14));
            Instant revenueEnd = T.plus(Duration.ofDays(7));
            send(server, batch(
                    exposure("x-in", "in", T), conversion("c-in", "in", "purchase", null, purchaseEnd.minusMillis(1)),
                    exposure("x-at", "at", T), conversion("c-at", "at", "purchase", null, purchaseEnd),
                    exposure("x-same", "same", T), conversion("c-same", "same", "purchase", null, T),
                    exposure("x-early", "early", T), conversion("c-early", "early", "purchase", null, T.minusMillis(1)),
                    exposure("x-r", "r", T), conversion("r-in", "r", "revenue", 3.0, revenueEnd.minusSeconds(1)),
                    conversion("r-at", "r", "revenue", 100.0, revenueEnd),
                    conversion("r-in2", "r", "revenue", 4.0, T)), 12, 0);
            assertThat(totals(server, "purchase")).isEqualTo(new EventsFixture.Totals(5, 2, 2, 2));
            // revenue: unit r has 3 + 4 = 7 in its window; its square is 49, not 3^2 + 4^2.
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(5, 1, 7, 49));
        }
    }

    /** More conversions than a unit row keeps inline (UnitRows.INLINE): re-reads see both places. */
    @ParameterizedTest
    @MethodSource("stores")
    void manyConversionsOfOneUnitAreAllReReadWhenItsExposureMoves(Stores.Kind kind) {
        try (TestServer server = start(kind)) {
            List<String> conversions = new ArrayList<>();
            for (int i = 0; i < 25; i++) { // days 0..24 after T, value i + 1
                conversions.add(conversion("m" + i, "busy", "revenue", (double) (i + 1), T.plus(Duration.ofDays(i))));
            }
            send(server, batch(conversions.subList(0, 10)), 10, 0);
            send(server, batch(conversions.subList(10, 25)), 15, 0);
            send(server, batch(exposure("bx", "busy", T.plus(Duration.ofDays(10)))), 1, 0);
            double inWindow = 11 + 12 + 13 + 14 + 15 + 16 + 17; // days 10..16
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(1, 1, inWindow, inWindow * inWindow));
            send(server, batch(exposure("by", "busy", T.plus(Duration.ofDays(3)))), 1, 0);
            double moved = 4 + 5 + 6 + 7 + 8 + 9 + 10; // days 3..9
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(1, 1, moved, moved * moved));
            // Retried: duplicates, nothing changes.
            send(server, batch(conversions.subList(0, 10)), 0, 10);
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(1, 1, moved, moved * moved));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void conversionsBeforeTheExposureAreFoldedInWhenItArrives(Stores.Kind kind) {
        try (TestServer server = start(kind)) {
            send(server, batch(conversion("c1", "late", "purchase", null, T.plusSeconds(10)),
                    conversion("c2", "late", "revenue", 5.0, T.plusSeconds(20)),
                    conversion("c3", "late", "revenue", 1.0, T.plus(Duration.ofDays(8))),
                    conversion("c4", "never", "purchase", null, T)), 4, 0);
            // Conversions of never-exposed units are stored but not counted.
            assertThat(totals(server, "purchase")).isEqualTo(new EventsFixture.Totals(0, 0, 0, 0));
            send(server, batch(exposure("x1", "late", T)), 1, 0);
            assertThat(totals(server, "purchase")).isEqualTo(new EventsFixture.Totals(1, 1, 1, 1));
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(1, 1, 5, 25));
            // A later exposure changes nothing; an earlier one moves the window back: c3 (day 8) is
            // now outside revenue's 7 days from T-2d and c2 stays in.
            send(server, batch(exposure("x2", "late", T.plus(Duration.ofDays(1)))), 1, 0);
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(1, 1, 5, 25));
            send(server, batch(exposure("x0", "late", T.minus(Duration.ofDays(2)))), 1, 0);
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(1, 1, 5, 25));
            assertThat(totals(server, "purchase")).isEqualTo(new EventsFixture.Totals(1, 1, 1, 1));
            // Moved to the earlier day: one unit in all, on T-2d.
            var daily = EventsFixture.results(server, "purchase").get("daily");
            assertThat(daily).hasSize(1);
            assertThat(daily.get(0).get("date").asText()).isEqualTo(T.minus(Duration.ofDays(2)).toString().substring(0, 10));
            // Exposure and conversion in one batch, conversion first.
            send(server, batch(conversion("c5", "both", "revenue", 2.0, T.plusSeconds(5)), exposure("x5", "both", T)), 2, 0);
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(2, 2, 7, 29));
            // A later conversion of the moved unit uses the new window too.
            send(server, batch(conversion("c6", "late", "revenue", 1.0, T.plus(Duration.ofDays(5)).minusSeconds(1))), 1, 0);
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(2, 2, 8, 40));
            send(server, batch(conversion("c7", "late", "revenue", 1.0, T.plus(Duration.ofDays(5)))), 1, 0);
            assertThat(totals(server, "revenue")).isEqualTo(new EventsFixture.Totals(2, 2, 8, 40));
        }
    }
}
