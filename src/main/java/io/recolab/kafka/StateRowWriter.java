package io.recolab.kafka;

import io.recolab.events.UnitTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A {@code kafka_state} row ({@link StateChanges}) being written: its body big-endian as {@code java.io.DataOutputStream} would, into an array handed
 * to {@code LZ4BlockOutputStream} a megabyte at a time: a stream of small writes through
 * {@code DataOutputStream} and a (synchronized) buffer took a tenth of a lane's time in a JFR
 * profile of {@code KafkaBench}. Memory stays a block plus the compressed row.
 */
final class StateRowWriter {
    /** LZ4 blocks of a megabyte: fewer, larger compressor calls than the stream's default 64 KB. */
    private static final int BLOCK = 1 << 20;
    private final ByteArrayOutputStream row = new ByteArrayOutputStream(4096);
    private final net.jpountz.lz4.LZ4BlockOutputStream sink;
    private byte[] buf = new byte[4096];
    private int size;

    /** @param version the row's version byte */
    StateRowWriter(int version) {
        row.write(version);
        sink = new net.jpountz.lz4.LZ4BlockOutputStream(row, BLOCK);
    }

    private void room(int n) {
        if (size + n <= buf.length) {
            return;
        }
        if (size + n <= BLOCK) {
            buf = java.util.Arrays.copyOf(buf, Math.min(BLOCK, Math.max(size + n, buf.length * 2)));
            return;
        }
        flush();
        if (n > buf.length) {
            buf = new byte[n]; // one string longer than the buffer
        }
    }

    private void flush() {
        try {
            sink.write(buf, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        size = 0;
        if (row.size() > StateChanges.MAX_ROW_BYTES) {
            throw new StateChanges.TooLarge();
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

    /** The version byte and the compressed body. */
    byte[] compressed() {
        flush();
        try {
            sink.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (row.size() > StateChanges.MAX_ROW_BYTES) {
            throw new StateChanges.TooLarge();
        }
        return row.toByteArray();
    }
}
