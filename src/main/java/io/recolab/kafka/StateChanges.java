package io.recolab.kafka;

import io.recolab.events.Rollup;
import io.recolab.events.StoredEvent;
import io.recolab.events.UnitTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * ids written, units as they are now, conversions kept apart and shows. Its binary form is one
 * {@code kafka_state} row: a version byte, then the four lists, deflated at the fastest level (about
 * a third of the raw size for typical ids and units). Instants keep their nanoseconds and doubles
 * their bits, so a state read back equals the state written.
 */
record StateChanges(Map<String, PartitionState.Seen> ids, Map<ShowTable.UnitKey, UnitTable.Unit> units,
                    List<Map.Entry<ShowTable.UnitKey, UnitTable.Conversion>> apart,
                    List<Map.Entry<ShowTable.UnitKey, ShowTable.Show>> shows) {
    private static final int LZ4 = 2;

    StateChanges() {
        this(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
    }

    boolean isEmpty() {
        return ids.isEmpty() && units.isEmpty() && apart.isEmpty() && shows.isEmpty();
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        bytes.write(LZ4);
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                new net.jpountz.lz4.LZ4BlockOutputStream(bytes, 1 << 16), 65_536))) {
            out.writeInt(ids.size());
            for (Map.Entry<String, PartitionState.Seen> e : ids.entrySet()) {
                StoredEvent s = e.getValue().content();
                utf(out, e.getKey());
                utf(out, s.type());
                utf(out, s.unit());
                nullable(out, s.metric());
                out.writeDouble(s.value());
                instant(out, s.occurredAt());
                instant(out, s.receivedAt());
                out.writeLong(e.getValue().arrivedMillis());
            }
            out.writeInt(units.size());
            for (Map.Entry<ShowTable.UnitKey, UnitTable.Unit> e : units.entrySet()) {
                UnitTable.Unit u = e.getValue();
                key(out, e.getKey());
                nullable(out, u.treatment());
                out.writeBoolean(u.firstExposure() != null);
                if (u.firstExposure() != null) {
                    instant(out, u.firstExposure());
                }
                out.writeInt(u.values().size());
                for (Map.Entry<String, Rollup.UnitValue> v : u.values().entrySet()) {
                    utf(out, v.getKey());
                    out.writeDouble(v.getValue().total());
                    out.writeLong(v.getValue().conversions());
                }
                out.writeInt(u.inline().size());
                for (UnitTable.Conversion c : u.inline()) {
                    conversion(out, c);
                }
                out.writeInt(u.slices().size());
                for (Map.Entry<String, String> s : u.slices().entrySet()) {
                    utf(out, s.getKey());
                    utf(out, s.getValue());
                }
            }
            out.writeInt(apart.size());
            for (Map.Entry<ShowTable.UnitKey, UnitTable.Conversion> e : apart) {
                key(out, e.getKey());
                conversion(out, e.getValue());
            }
            out.writeInt(shows.size());
            for (Map.Entry<ShowTable.UnitKey, ShowTable.Show> e : shows) {
                key(out, e.getKey());
                out.writeInt(e.getValue().items().size());
                for (String item : e.getValue().items()) {
                    utf(out, item);
                }
                instant(out, e.getValue().at());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StateChanges decode(byte[] row) {
        if (row.length == 0 || row[0] != LZ4) {
            throw new IllegalStateException("kafka_state row of an unknown version " + (row.length == 0 ? "(empty)" : row[0])
                    + ": written by a newer recolab?");
        }
        StateChanges out = new StateChanges();
        ByteArrayInputStream body = new ByteArrayInputStream(row, 1, row.length - 1);
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                new net.jpountz.lz4.LZ4BlockInputStream(body), 65_536))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String key = utf(in);
                StoredEvent s = new StoredEvent(utf(in), utf(in), nullable(in), in.readDouble(), instant(in), instant(in));
                out.ids.put(key, new PartitionState.Seen(s, in.readLong()));
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
                List<UnitTable.Conversion> conversions = new ArrayList<>(inline);
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
        } catch (IOException e) {
            throw new IllegalStateException("kafka_state row cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    private static void key(DataOutputStream out, ShowTable.UnitKey key) throws IOException {
        utf(out, key.experiment());
        utf(out, key.unit());
    }

    private static ShowTable.UnitKey key(DataInputStream in) throws IOException {
        return new ShowTable.UnitKey(utf(in), utf(in));
    }

    private static void conversion(DataOutputStream out, UnitTable.Conversion c) throws IOException {
        utf(out, c.metric());
        out.writeDouble(c.value());
        instant(out, c.at());
    }

    private static UnitTable.Conversion conversion(DataInputStream in) throws IOException {
        return new UnitTable.Conversion(utf(in), in.readDouble(), instant(in));
    }

    private static void nullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            utf(out, s);
        }
    }

    private static String nullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? utf(in) : null;
    }

    private static void utf(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
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

    private static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
