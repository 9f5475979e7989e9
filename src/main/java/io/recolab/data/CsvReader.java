package io.recolab.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;

/**
 * A streaming RFC 4180 reader: comma-separated fields, double quotes around fields that hold commas,
 * quotes ({@code ""}) or line breaks. Reuses its field array; one record in memory at a time.
 * Hand-rolled because it is small, allocation-light and needs no dependency.
 */
final class CsvReader implements Closeable {
    /** A quoted field longer than this is treated as a stray quote rather than swallowing the file. */
    private static final int MAX_RECORD_CHARS = 1 << 20;

    private final BufferedReader in;
    private final StringBuilder field = new StringBuilder(64);
    private String[] fields = new String[16];
    private int count;
    private long line;
    private long recordLine;
    private boolean malformed;

    CsvReader(BufferedReader in) {
        this.in = in;
    }

    /** Reads the next record; false at the end of the input. Blank lines are skipped. */
    boolean next() throws IOException {
        String text;
        do {
            text = in.readLine();
            if (text == null) {
                return false;
            }
            line++;
        } while (text.isEmpty());
        recordLine = line;
        count = 0;
        malformed = false;
        field.setLength(0);
        boolean quoted = false;
        int chars = 0;
        int i = 0;
        while (true) {
            int n = text.length();
            for (; i < n; i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch != '"') {
                        field.append(ch);
                    } else if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else if (ch == ',') {
                    endField();
                } else if (ch == '"' && field.length() == 0) {
                    quoted = true;
                } else {
                    field.append(ch);
                }
            }
            chars += n;
            if (!quoted) {
                break;
            }
            String more = chars > MAX_RECORD_CHARS ? null : in.readLine();
            if (more == null) {
                malformed = true; // unterminated quote
                break;
            }
            line++;
            field.append('\n');
            text = more;
            i = 0;
        }
        endField();
        return true;
    }

    private void endField() {
        if (count == fields.length) {
            fields = Arrays.copyOf(fields, count * 2);
        }
        fields[count++] = field.toString();
        field.setLength(0);
    }

    int count() {
        return count;
    }

    String field(int index) {
        return fields[index];
    }

    boolean malformed() {
        return malformed;
    }

    /** The line on which the current record starts (1-based). */
    long line() {
        return recordLine;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
