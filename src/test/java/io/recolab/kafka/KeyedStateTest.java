package io.recolab.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.events.EventPrint;
import io.recolab.events.Rollup;
import io.recolab.events.StoredEvent;
import io.recolab.events.UnitTable;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyed state of {@code process --keep rollups}: its changelog rows, snapshots, and the offset fence. */
class KeyedStateTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final ShowTable.UnitKey U1 = new ShowTable.UnitKey("ks", "u1");
    private static final ShowTable.UnitKey U2 = new ShowTable.UnitKey("ks", "u-2 ü");
    private static final StoredEvent EXPOSED = new StoredEvent("exposure", "u1", null, 1, T, T.plusMillis(5));
    private static final StoredEvent CONVERTED = new StoredEvent("conversion", "u1", "purchase", 12.5, T, T);

    @TempDir
    Path tmp;

    @Test
    void aChangelogRowReadsBackAsWritten() {
        PartitionState state = new PartitionState(3, 8);
        fill(state, 0);
        StateChanges written = state.takeChanges();
        StateChanges read = StateChanges.decode(written.encode());
        assertThat(read).isEqualTo(written);
        assertThat(read.units().get(U1).firstExposure()).as("nanoseconds kept").isEqualTo(T);
        assertThat(read.units().get(U2).treatment()).as("a unit known only by its conversions").isNull();
        assertThat(state.takeChanges().isEmpty()).as("taken: the next transaction starts empty").isTrue();
    }

    @Test
    void rowsOfTheEarlierStreamVersionStayReadable() throws Exception {
        // A row as version 2 wrote it (landed before version 3): the body through LZ4BlockOutputStream after
        // the version byte, each id with the event's content rather than its print.
        java.io.ByteArrayOutputStream v2 = new java.io.ByteArrayOutputStream();
        v2.write(2);
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new net.jpountz.lz4.LZ4BlockOutputStream(v2, 1 << 16))) {
            out.writeInt(2);
            for (Map.Entry<String, StoredEvent> id : Map.of("ks\nx-0", EXPOSED, "ks\nc-0", CONVERTED).entrySet()) {
                utf(out, id.getKey());
                utf(out, id.getValue().type());
                utf(out, id.getValue().unit());
                out.writeBoolean(id.getValue().metric() != null);
                if (id.getValue().metric() != null) {
                    utf(out, id.getValue().metric());
                }
                out.writeDouble(id.getValue().value());
                instant(out, id.getValue().occurredAt());
                instant(out, id.getValue().receivedAt());
                out.writeLong(T.toEpochMilli());
            }
            out.writeInt(1); // a unit
            utf(out, "ks");
            utf(out, "u1");
            out.writeBoolean(true);
            utf(out, "T1");
            out.writeBoolean(true);
            instant(out, T);
            out.writeInt(1);
            utf(out, "purchase");
            out.writeDouble(12.5);
            out.writeLong(1);
            out.writeInt(1);
            utf(out, "purchase");
            out.writeDouble(12.5);
            instant(out, T);
            out.writeInt(1);
            utf(out, "country");
            utf(out, "de");
            out.writeInt(0); // conversions apart
            out.writeInt(1); // a show
            utf(out, "ks");
            utf(out, "u1");
            out.writeInt(1);
            utf(out, "i1");
            instant(out, T);
        }
        StateChanges read = StateChanges.decode(v2.toByteArray());
        assertThat(read.ids()).containsOnly(Map.entry("ks\nx-0", new PartitionState.Seen(EventPrint.of(EXPOSED), T.toEpochMilli())),
                Map.entry("ks\nc-0", new PartitionState.Seen(EventPrint.of(CONVERTED), T.toEpochMilli())));
        assertThat(read.units().get(U1)).isEqualTo(new UnitTable.Unit("u1", "T1", T,
                Map.of("purchase", new Rollup.UnitValue(12.5, 1)), List.of(new UnitTable.Conversion("purchase", 12.5, T)),
                Map.of("country", "de")));
        assertThat(read.shows()).containsExactly(Map.entry(U1, new ShowTable.Show(Set.of("i1"), T)));
        assertThat(StateChanges.decode(read.encode())).as("written again as version 3").isEqualTo(read);
    }

    private static void utf(java.io.DataOutputStream out, String s) throws java.io.IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void instant(java.io.DataOutputStream out, Instant t) throws java.io.IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    @Test
    void aDamagedRowIsRefusedWithAMessageNotReadAsAnotherState() {
        PartitionState state = new PartitionState(3, 8);
        fill(state, 0);
        StateChanges written = state.takeChanges();
        byte[] row = written.encode();
        assertThat(row[0]).isEqualTo((byte) 3);
        assertThatThrownBy(() -> StateChanges.decode(java.util.Arrays.copyOf(row, row.length / 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
        // Every single-bit flip after the version byte: refused (LZ4 blocks are checksummed), never another state.
        for (int at = 1; at < row.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = row.clone();
                damaged[at] ^= (byte) (1 << bit);
                try {
                    assertThat(StateChanges.decode(damaged)).as("byte %d bit %d", at, bit).isEqualTo(written);
                } catch (IllegalStateException refused) {
                    assertThat(refused).hasMessageContaining("cannot be read");
                }
            }
        }
        // A block claiming more compressed bytes than the row holds is refused before LZ4BlockInputStream allocates them.
        byte[] claimsMore = row.clone();
        claimsMore[1 + 12] ^= 0x40; // bit 30 of the first block's compressed length (little-endian at 9..12 of its header)
        assertThatThrownBy(() -> StateChanges.decode(claimsMore)).hasMessageContaining("cannot be read")
                .hasMessageContaining("a block of");
        byte[] longer = java.util.Arrays.copyOf(row, row.length + 1);
        assertThatThrownBy(() -> StateChanges.decode(longer)).hasMessageContaining("cannot be read");
    }

    @Test
    void anUnknownVersionIsRefusedWithAMessage() {
        assertThatThrownBy(() -> StateChanges.decode(new byte[] {9, 1, 2})).hasMessageContaining("unknown version 9");
    }

    @Test
    void theStateIsRebuiltFromItsRowsAcrossSnapshotsAndAsStoredWithTheOffset() throws Exception {
        Database db = Database.open(Database.h2Url(tmp.resolve("db")), 2);
        try {
            StateTable table = new StateTable("g", "t", Clock.fixed(T.plusSeconds(60), ZoneOffset.UTC), Duration.ofDays(7));
            OffsetTable offsets = new OffsetTable("g", "t");
            PartitionState state = new PartitionState(0, 8);
            int transactions = 3 * StateTable.MIN_DELTAS_PER_SNAPSHOT;
            for (int i = 0; i < transactions; i++) {
                int n = i;
                Jdbc.inTransaction(db, c -> {
                    fill(state, n);
                    table.append(c, state, 10L * (n + 1));
                    offsets.advance(c, 0, state.next, 10L * (n + 1), T);
                    state.next = 10L * (n + 1);
                    return null;
                });
            }
            long rows = count(db);
            assertThat(rows).as("snapshots replaced the rows before them").isLessThan(transactions);
            assertThat((long) Jdbc.<Long>read(db, c -> count(c, true))).as("a snapshot was written").isPositive();
            PartitionState loaded = Jdbc.read(db, c -> table.load(c, 0, state.next, 8));
            assertThat(loaded.units).isEqualTo(state.units);
            assertThat(loaded.ids).isEqualTo(state.ids);
            assertThat(loaded.apart).isEqualTo(state.apart);
            assertThat(loaded.shows).isEqualTo(state.shows);
            assertThat(loaded.next).isEqualTo(10L * transactions);

            // A second owner (a zombie's successor) that loaded the state before the zombie's last commit
            // cannot write: the stored offset is not the one its state was loaded with.
            assertThatThrownBy(() -> Jdbc.inTransaction(db, c -> {
                offsets.advance(c, 0, 10L * (transactions - 1), 10L * transactions + 5, T);
                return null;
            })).hasMessageContaining("written by another instance");
            // Records read again from before the state (a seek to a failed part's start after its commit went
            // through) must not move the offset back: refused.
            assertThatThrownBy(() -> Jdbc.inTransaction(db, c -> {
                offsets.advance(c, 0, 10L * transactions, 10L * transactions - 5, T);
                return null;
            })).hasMessageContaining("is not past the stored");
            // A stored offset without state rows is a group that kept events: refused, not read as empty.
            Jdbc.inTransaction(db, c -> {
                offsets.save(c, Map.of(1, 42L), T);
                return null;
            });
            // A topic whose partition count changed: its units no longer hash to their state's partition.
            assertThatThrownBy(() -> Jdbc.read(db, c -> table.load(c, 0, state.next, 12))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has 12 partitions").hasMessageContaining("over 8");
            assertThatThrownBy(() -> Jdbc.read(db, c -> table.load(c, 1, 42L, 8))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("--keep events");
            assertThat(Jdbc.read(db, table::any)).isTrue();
        } finally {
            db.close();
        }
    }

    @Test
    void aSnapshotForgetsIdsPastTheHorizonAndShowsPastTheLongestWindow() {
        PartitionState state = new PartitionState(0, 8);
        fill(state, 0);
        state.prune(T.plus(Duration.ofDays(13)), Duration.ofDays(7));
        assertThat(state.ids).as("a copy acknowledged 7 days after its original may be read 7 days later").hasSize(2);
        state.prune(T.plus(Duration.ofDays(15)), Duration.ofDays(7));
        assertThat(state.ids).isEmpty();
        assertThat(state.units).as("units stay").hasSize(2);
        state.prune(T.plus(Duration.ofDays(400)), Duration.ofDays(7));
        assertThat(state.shows).isEmpty();
    }

    private static void fill(PartitionState state, int n) {
        state.written("ks", "x-" + n, new PartitionState.Seen(EventPrint.of(EXPOSED), T.toEpochMilli()));
        state.written("ks", "c-" + n, new PartitionState.Seen(EventPrint.of(CONVERTED), T.toEpochMilli()));
        state.putUnit(U1, new UnitTable.Unit("u1", "T1", T, Map.of("purchase", new Rollup.UnitValue(12.5 * (n + 1), n + 1)),
                List.of(new UnitTable.Conversion("purchase", 12.5, T.plusSeconds(n))), Map.of("country", "de")));
        state.putUnit(U2, new UnitTable.Unit("u-2 ü", null, null, Map.of(), List.of(), Map.of()));
        state.addApart(U2, new UnitTable.Conversion("purchase", -0.25, T.plusNanos(n)));
        state.addShow(U1, new ShowTable.Show(Set.of("i1", "i2"), T.plusSeconds(n)));
    }

    private static long count(java.sql.Connection c, boolean snapshot) throws SQLException {
        try (var ps = c.prepareStatement("SELECT COUNT(*) FROM kafka_state WHERE snapshot = ?")) {
            ps.setBoolean(1, snapshot);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Database db) {
        return Jdbc.read(db, c -> count(c, true) + count(c, false));
    }
}
