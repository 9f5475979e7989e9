package io.recolab.kafka;

import io.recolab.events.EventPrint;
import io.recolab.events.Rollup;
import io.recolab.events.StoredEvent;
import io.recolab.events.UnitTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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
 * ids written (with the print a retry must repeat), units as they are now, conversions kept apart and shows. Its binary form is one
 * {@code kafka_state} row: a version byte, the body's length, then the four lists as one LZ4 block
 * (LZ4 rather than Deflate: Deflate took a fifth of a lane's time). Instants keep their nanoseconds and doubles
 * their bits, so a state read back equals the state written.
 */
record StateChanges(Map<String, PartitionState.Seen> ids, Map<ShowTable.UnitKey, UnitTable.Unit> units,
                    List<Map.Entry<ShowTable.UnitKey, UnitTable.Conversion>> apart,
                    List<Map.Entry<ShowTable.UnitKey, ShowTable.Show>> shows) {
    /** Rows of version 2: the body through {@code LZ4BlockOutputStream}, each id with the event's content. */
    private static final int LZ4_STREAM = 2;
    /** Rows of version 3: the body's length, then the body as one LZ4 block; each id with its {@link EventPrint}. */
    private static final byte LZ4_BLOCK = 3;
    /**
     * The largest uncompressed body written or read (a gigabyte; a row read with a larger length is
     * damaged, not an allocation to try). A snapshot that would be larger is not written ({@link TooLarge}).
     */
    static final int MAX_BODY = 1 << 30;
    private static final net.jpountz.lz4.LZ4Factory LZ4_FACTORY = net.jpountz.lz4.LZ4Factory.fastestInstance();

    StateChanges() {
        this(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
    }

    boolean isEmpty() {
        return ids.isEmpty() && units.isEmpty() && apart.isEmpty() && shows.isEmpty();
    }

    byte[] encode() {
        Out out = new Out(4096);
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

    /** The changes would take more than {@link #MAX_BODY} bytes uncompressed (a state too large to snapshot). */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("over " + MAX_BODY + " bytes uncompressed", null, false, false);
        }
    }

    /**
     * The row's body, written big-endian as {@code java.io.DataOutputStream} would (so one reader reads both
     * versions), into one array compressed by a single LZ4 call: a stream of small writes through
     * {@code DataOutputStream}, a buffer and {@code LZ4BlockOutputStream} (which also checksums each
     * block) took a tenth of a lane's time in a JFR profile of {@code KafkaBench}.
     */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int n) {
            if (size + n > buf.length) {
                if ((long) size + n > MAX_BODY) {
                    throw new TooLarge();
                }
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(MAX_BODY, Math.max(size + n, buf.length * 2L)));
            }
        }

        void writeInt(int v) {
            room(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeDouble(double v) {
            writeLong(Double.doubleToLongBits(v));
        }

        void writeBoolean(boolean v) {
            room(1);
            buf[size++] = (byte) (v ? 1 : 0);
        }

        /** Length and UTF-8 bytes; ASCII (ids, units, keys as written) copied char by char without a byte[] per string. */
        void utf(String s) {
            int n = s.length();
            room(4 + n);
            int at = size + 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    writeInt(bytes.length);
                    room(bytes.length);
                    System.arraycopy(bytes, 0, buf, size, bytes.length);
                    size += bytes.length;
                    return;
                }
                buf[at + i] = (byte) c;
            }
            writeInt(n);
            size += n;
        }

        void nullable(String s) {
            writeBoolean(s != null);
            if (s != null) {
                utf(s);
            }
        }

        void instant(Instant t) {
            writeLong(t.getEpochSecond());
            writeInt(t.getNano());
        }

        void key(ShowTable.UnitKey key) {
            utf(key.experiment());
            utf(key.unit());
        }

        void conversion(UnitTable.Conversion c) {
            utf(c.metric());
            writeDouble(c.value());
            instant(c.at());
        }

        /** Version byte, the body's length, then the body as one LZ4 block. */
        byte[] compressed() {
            net.jpountz.lz4.LZ4Compressor lz4 = LZ4_FACTORY.fastCompressor();
            byte[] row = new byte[5 + lz4.maxCompressedLength(size)];
            row[0] = LZ4_BLOCK;
            java.nio.ByteBuffer.wrap(row, 1, 4).putInt(size);
            int n = lz4.compress(buf, 0, size, row, 5, row.length - 5);
            return java.util.Arrays.copyOf(row, 5 + n);
        }
    }

    static StateChanges decode(byte[] row) {
        if (row.length == 0 || (row[0] != LZ4_STREAM && row[0] != LZ4_BLOCK)) {
            throw new IllegalStateException("kafka_state row of an unknown version " + (row.length == 0 ? "(empty)" : row[0])
                    + ": written by a newer recolab?");
        }
        StateChanges out = new StateChanges();
        try (DataInputStream in = new DataInputStream(body(row))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String key = utf(in);
                EventPrint print = row[0] == LZ4_STREAM
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

    /** The uncompressed body of a row of either version (rows of version 2 stay readable). */
    private static java.io.InputStream body(byte[] row) throws IOException {
        if (row[0] == LZ4_STREAM) {
            return new java.io.BufferedInputStream(new net.jpountz.lz4.LZ4BlockInputStream(
                    new ByteArrayInputStream(row, 1, row.length - 1)), 65_536);
        }
        if (row.length < 5) {
            throw new IOException("row of " + row.length + " bytes");
        }
        int size = java.nio.ByteBuffer.wrap(row, 1, 4).getInt();
        if (size < 0 || size > MAX_BODY) {
            throw new IOException("body of " + size + " bytes");
        }
        byte[] body = new byte[size];
        try {
            LZ4_FACTORY.safeDecompressor().decompress(row, 5, row.length - 5, body, 0, size);
        } catch (net.jpountz.lz4.LZ4Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        return new ByteArrayInputStream(body);
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
