package io.recolab.kafka;

import io.recolab.events.EventPrint;
import io.recolab.events.Rollup;
import io.recolab.events.StoredEvent;
import io.recolab.events.UnitTable;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one transaction changed in a partition's state (or, as a snapshot, the whole state): event
 * ids written (with the print a retry must repeat), units as they are now, conversions kept apart and shows. Its binary form is one
 * {@code kafka_state} row: a version byte, then the four lists through {@code LZ4BlockOutputStream}
 * (LZ4 rather than Deflate, which took a fifth of a lane's time; each block checksummed, so a damaged
 * row is refused rather than read as another state). Instants keep their nanoseconds and doubles
 * their bits, so a state read back equals the state written.
 */
record StateChanges(Map<String, PartitionState.Seen> ids, Map<ShowTable.UnitKey, UnitTable.Unit> units,
                    List<Map.Entry<ShowTable.UnitKey, UnitTable.Conversion>> apart,
                    List<Map.Entry<ShowTable.UnitKey, ShowTable.Show>> shows) {
    /** Rows of version 2 (the first release of keyed state): each id with the event's content. */
    private static final int WITH_CONTENT = 2;
    /** Rows of version 3: each id with its {@link EventPrint}. */
    static final int WITH_PRINTS = 3;
    /**
     * A row larger than this, compressed, is not written ({@link TooLarge}): the encoder stops there
     * rather than hold an unbounded array (see {@code StateTable.MAX_SNAPSHOT_BYTES}).
     */
    static final int MAX_ROW_BYTES = 256 << 20;

    StateChanges() {
        this(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
    }

    boolean isEmpty() {
        return ids.isEmpty() && units.isEmpty() && apart.isEmpty() && shows.isEmpty();
    }

    /** @throws TooLarge over {@link #MAX_ROW_BYTES} compressed */
    byte[] encode() {
        StateRowWriter out = new StateRowWriter(WITH_PRINTS);
        out.writeInt(ids.size());
        for (Map.Entry<String, PartitionState.Seen> e : ids.entrySet()) {
            EventPrint print = e.getValue().content();
            out.utf(e.getKey());
            out.writeLong(print.content());
            out.writeLong(print.occurredNanos());
            out.writeBoolean(print.stamped());
            out.writeLong(e.getValue().arrivedMillis());
        }
        out.writeInt(units.size());
        for (Map.Entry<ShowTable.UnitKey, UnitTable.Unit> e : units.entrySet()) {
            UnitTable.Unit u = e.getValue();
            out.key(e.getKey());
            out.nullable(u.treatment());
            out.writeBoolean(u.firstExposure() != null);
            if (u.firstExposure() != null) {
                out.instant(u.firstExposure());
            }
            out.writeInt(u.values().size());
            for (Map.Entry<String, Rollup.UnitValue> v : u.values().entrySet()) {
                out.utf(v.getKey());
                out.writeDouble(v.getValue().total());
                out.writeLong(v.getValue().conversions());
            }
            out.writeInt(u.inline().size());
            for (UnitTable.Conversion c : u.inline()) {
                out.conversion(c);
            }
            out.writeInt(u.slices().size());
            for (Map.Entry<String, String> sl : u.slices().entrySet()) {
                out.utf(sl.getKey());
                out.utf(sl.getValue());
            }
        }
        out.writeInt(apart.size());
        for (Map.Entry<ShowTable.UnitKey, UnitTable.Conversion> e : apart) {
            out.key(e.getKey());
            out.conversion(e.getValue());
        }
        out.writeInt(shows.size());
        for (Map.Entry<ShowTable.UnitKey, ShowTable.Show> e : shows) {
            out.key(e.getKey());
            out.writeInt(e.getValue().items().size());
            for (String item : e.getValue().items()) {
                out.utf(item);
            }
            out.instant(e.getValue().at());
        }
        return out.compressed();
    }

    /** The changes take more than {@link #MAX_ROW_BYTES} compressed (a state too large to snapshot). */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("over " + MAX_ROW_BYTES + " bytes compressed", null, false, false);
        }
    }

    static StateChanges decode(byte[] row) {
        if (row.length == 0 || (row[0] != WITH_CONTENT && row[0] != WITH_PRINTS)) {
            throw new IllegalStateException("kafka_state row of an unknown version " + (row.length == 0 ? "(empty)" : row[0])
                    + ": written by a newer recolab?");
        }
        StateChanges out = new StateChanges();
        try {
            checkBlocks(row);
        } catch (IOException e) {
            throw new IllegalStateException("kafka_state row cannot be read: " + e.getMessage(), e);
        }
        ByteArrayInputStream raw = new ByteArrayInputStream(row, 1, row.length - 1);
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new net.jpountz.lz4.LZ4BlockInputStream(raw),
                65_536))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String key = utf(in);
                EventPrint print = row[0] == WITH_CONTENT
                        ? EventPrint.of(new StoredEvent(utf(in), utf(in), nullable(in), in.readDouble(), instant(in), instant(in)))
                        : new EventPrint(in.readLong(), in.readLong(), in.readBoolean());
                out.ids.put(key, new PartitionState.Seen(print, in.readLong()));
            }
            n = in.readInt();
            for (int i = 0; i < n; i++) {
                ShowTable.UnitKey key = key(in);
                String treatment = nullable(in);
                Instant first = in.readBoolean() ? instant(in) : null;
                int values = in.readInt();
                Map<String, Rollup.UnitValue> v = new HashMap<>();
                for (int j = 0; j < values; j++) {
                    v.put(utf(in), new Rollup.UnitValue(in.readDouble(), in.readLong()));
                }
                int inline = in.readInt();
                List<UnitTable.Conversion> conversions = new ArrayList<>(Math.min(inline, 16)); // a count is not trusted
                for (int j = 0; j < inline; j++) {
                    conversions.add(conversion(in));
                }
                int slices = in.readInt();
                Map<String, String> s = new HashMap<>();
                for (int j = 0; j < slices; j++) {
                    s.put(utf(in), utf(in));
                }
                out.units.put(key, new UnitTable.Unit(key.unit(), treatment, first, v, conversions, s));
            }
            n = in.readInt();
            for (int i = 0; i < n; i++) {
                out.apart.add(Map.entry(key(in), conversion(in)));
            }
            n = in.readInt();
            for (int i = 0; i < n; i++) {
                ShowTable.UnitKey key = key(in);
                int items = in.readInt();
                Set<String> set = new HashSet<>();
                for (int j = 0; j < items; j++) {
                    set.add(utf(in));
                }
                out.shows.add(Map.entry(key, new ShowTable.Show(set, instant(in))));
            }
            if (in.read() != -1 || raw.available() != 0) {
                throw new IOException("bytes after the state's last list");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kafka_state row cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    /** LZ4BlockInputStream allocates a block's compressed length before reading it: each header checked against the row first. */
    private static void checkBlocks(byte[] row) throws IOException {
        int at = 1;
        while (true) {
            if (row.length - at < 21) {
                throw new IOException("a block header cut short at byte " + at);
            }
            int compressed = (row[at + 9] & 0xFF) | (row[at + 10] & 0xFF) << 8 | (row[at + 11] & 0xFF) << 16 | row[at + 12] << 24;
            if (compressed < 0 || compressed > row.length - at - 21) {
                throw new IOException("a block of " + compressed + " bytes at byte " + at + " of a row of " + row.length);
            }
            at += 21 + compressed;
            if (compressed == 0) {
                return; // the end mark (an empty block); what follows is refused after reading
            }
        }
    }

    private static ShowTable.UnitKey key(DataInputStream in) throws IOException {
        return new ShowTable.UnitKey(utf(in), utf(in));
    }


    private static UnitTable.Conversion conversion(DataInputStream in) throws IOException {
        return new UnitTable.Conversion(utf(in), in.readDouble(), instant(in));
    }


    private static String nullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? utf(in) : null;
    }


    private static String utf(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 24) {
            throw new IOException("string of " + n + " bytes");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }


    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
