package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.analysis.RollupReader;
import io.recolab.experiment.MetricSpec;
import io.recolab.store.Database;
import io.recolab.store.Dialect;
import io.recolab.testing.Stores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two pools, two node slots) on one PostgreSQL schema write the same experiment's
 * treatments, day, slice and exclusion reasons (issue 19): each into rows of its own, so that one
 * node's open transaction never holds a row the other must update. Node A's transaction stays open
 * while node B writes and commits, with a lock timeout: a row shared by the two would make B wait on
 * A, which commits only afterwards, and fail with the timeout (shown by the control case, where both
 * use one slot). Readers then sum the nodes' rows.
 */
class NodesShareNoRowTest {
    static final ExperimentSnapshot EXPERIMENT = new ExperimentSnapshot("share",
            Map.of("purchase", new MetricSpec("purchase", MetricSpec.Type.BINOMIAL, 14)));
    static final Instant T = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
    static final String[] ROLLUPS = {"daily_exposures", "daily_metrics", "slice_exposures", "slice_metrics", "excluded_exposures"};

    String url;
    Database a;
    Database b;

    @BeforeEach
    void open() {
        url = Stores.freshPostgresSchema(); // skips, saying why, without a PostgreSQL
        a = Database.open(url, 2);
        b = Database.open(url, 2);
    }

    @AfterEach
    void close() {
        b.close();
        a.close();
        Stores.dropPostgresSchema(url);
    }

    /**
     * Per node: 20 units in treatments C and T exposed on one day with one slice value, 7 of them
     * converting, and 3 exposures excluded as outside the exposure, 2 as paused. Units and ids are
     * the node's own; everything the rollups are keyed by is shared.
     */
    static List<Event> batch(String node) {
        List<Event> events = new ArrayList<>();
        for (int u = 0; u < 20; u++) {
            events.add(new Event(node + "x" + u, EventType.EXPOSURE, EXPERIMENT, node + u, T.plusSeconds(u), T, null, 1,
                    u % 2 == 0 ? "C" : "T", true, null, null, Map.of("device", "mobile")));
            if (u % 3 == 0) {
                events.add(new Event(node + "p" + u, EventType.CONVERSION, EXPERIMENT, node + u, T.plusSeconds(60 + u), T,
                        "purchase", 1, u % 2 == 0 ? "C" : "T", true, null));
            }
        }
        for (int u = 0; u < 5; u++) {
            events.add(new Event(node + "e" + u, EventType.EXPOSURE, EXPERIMENT, node + "out" + u, T, T, null, 1, "C", false,
                    null, u < 3 ? Exclusion.OUTSIDE_EXPOSURE : Exclusion.PAUSED));
        }
        return events;
    }

    @Test
    void twoNodesWriteDisjointRowsAndReadsSumThem() throws Exception {
        EventStore onA = new EventStore(Dialect.POSTGRESQL, new Attribution(Dialect.POSTGRESQL, 1));
        EventStore onB = new EventStore(Dialect.POSTGRESQL, new Attribution(Dialect.POSTGRESQL, 2));
        try (Connection ca = a.connection(); Connection cb = b.connection()) {
            ca.setAutoCommit(false);
            cb.setAutoCommit(false);
            onA.write(ca, batch("a")); // A's transaction stays open, holding what it wrote
            lockTimeout(cb);
            onB.write(cb, batch("b"));
            cb.commit();
            ca.commit();
        }
        for (String table : ROLLUPS) {
            Map<Integer, List<String>> keys = keysByNode(table);
            assertThat(keys).as(table).containsOnlyKeys(1, 2);
            assertThat(keys.get(2)).as("%s: the same keys, each node in rows of its own", table).isEqualTo(keys.get(1));
        }
        RollupReader reader = new RollupReader(a);
        long units = 0;
        long converted = 0;
        for (RollupReader.Cell cell : reader.read("share", "purchase")) {
            units += cell.units();
            converted += cell.converted();
        }
        assertThat(units).isEqualTo(40);
        assertThat(converted).isEqualTo(14);
        assertThat(reader.excluded("share").exposures()).isEqualTo(Map.of("outsideExposure", 6L, "paused", 4L));
        long sliced = reader.readSlices("share", "device", "purchase").stream().mapToLong(RollupReader.SliceCell::units).sum();
        assertThat(sliced).isEqualTo(40);
    }

    /** The control: two writers in one slot share the rows, and B waits on A's open transaction until the timeout. */
    @Test
    void oneSlotSharedByTwoWritersWaits() throws Exception {
        EventStore onA = new EventStore(Dialect.POSTGRESQL, new Attribution(Dialect.POSTGRESQL, 1));
        EventStore onB = new EventStore(Dialect.POSTGRESQL, new Attribution(Dialect.POSTGRESQL, 1));
        try (Connection ca = a.connection(); Connection cb = b.connection()) {
            ca.setAutoCommit(false);
            cb.setAutoCommit(false);
            onA.write(ca, batch("a"));
            lockTimeout(cb);
            assertThatThrownBy(() -> onB.write(cb, batch("b"))).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("lock_not_available").isEqualTo("55P03"));
            cb.rollback();
            ca.rollback();
        }
    }

    private static void lockTimeout(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '3s'");
        }
    }

    /** Each node's row keys in the table (every column but the node and the sums), sorted. */
    private Map<Integer, List<String>> keysByNode(String table) throws SQLException {
        String keys = switch (table) {
            case "daily_exposures" -> "experiment_key || ' ' || treatment || ' ' || exposure_day";
            case "daily_metrics" -> "experiment_key || ' ' || treatment || ' ' || metric || ' ' || exposure_day";
            case "slice_exposures" -> "experiment_key || ' ' || dimension || ' ' || slice_value || ' ' || treatment";
            case "slice_metrics" -> "experiment_key || ' ' || dimension || ' ' || slice_value || ' ' || treatment || ' ' || metric";
            default -> "experiment_key || ' ' || reason";
        };
        Map<Integer, List<String>> found = new TreeMap<>();
        try (Connection c = a.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT node, " + keys + " FROM " + table + " ORDER BY 2")) {
            while (rs.next()) {
                found.computeIfAbsent(rs.getInt(1), n -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return found;
    }
}
